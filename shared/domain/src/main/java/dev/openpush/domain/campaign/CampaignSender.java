package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.DeliveryRules;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Device;
import dev.openpush.domain.delivery.Devices;
import dev.openpush.domain.delivery.Message;
import dev.openpush.domain.delivery.PublishResult;
import dev.openpush.domain.delivery.PushPayload;
import dev.openpush.domain.delivery.RateLimiter;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.delivery.SettingsRepository;
import dev.openpush.domain.delivery.SuppressionReason;
import dev.openpush.domain.delivery.Verdict;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.PushPublisher;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.template.MessageTemplate;
import dev.openpush.domain.template.RenderedMessage;
import dev.openpush.domain.template.Templates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Does the work of the send queue: reads the audience of a run page by page ({@link
 * SendTask.FanOut}) and sends to users ({@link SendTask.SendTo}), each through the delivery rules,
 * and records what each task's users came to ({@link TaskOutcome}), once per task.
 *
 * <p>One copy per user and run: before publishing, the send is written into the user's delivery
 * state (conditional on its version), which the rules read as {@code duplicate} on any redelivery
 * or concurrent sender. A sender that stops between that write and the outcome leaves the user
 * without a message rather than with two. The claim names its task, so that the task retried counts
 * its own earlier sends as sent, not as duplicates.
 */
public final class CampaignSender {
  /** Members read per fan-out page, and users per send task. */
  static final int PAGE = 1_000;

  static final int BATCH = 100;

  private static final int ATTEMPTS = 5;

  private final CampaignRepository campaigns;
  private final Templates templates;
  private final ProfileDirectory directory;
  private final ProfileStore profiles;
  private final DeliveryStates states;
  private final SettingsRepository settings;
  private final PushPublisher publisher;
  private final Outcomes outcomes;
  private final SendQueue queue;
  private final RateLimiter rates;
  private final int concurrency;
  private final Clock clock;

  public CampaignSender(
      CampaignRepository campaigns,
      Templates templates,
      ProfileDirectory directory,
      ProfileStore profiles,
      DeliveryStates states,
      SettingsRepository settings,
      PushPublisher publisher,
      Outcomes outcomes,
      SendQueue queue,
      RateLimiter rates,
      int concurrency,
      Clock clock) {
    this.campaigns = campaigns;
    this.templates = templates;
    this.directory = directory;
    this.profiles = profiles;
    this.states = states;
    this.settings = settings;
    this.publisher = publisher;
    this.outcomes = outcomes;
    this.queue = queue;
    this.rates = rates;
    this.concurrency = concurrency;
    this.clock = clock;
  }

  /** What one task did, for the function's metrics and logs. */
  public record Report(
      int enqueued, int sent, int failed, int suppressed, int holdout, int deferred) {
    public Report plus(Report other) {
      return new Report(
          enqueued + other.enqueued,
          sent + other.sent,
          failed + other.failed,
          suppressed + other.suppressed,
          holdout + other.holdout,
          deferred + other.deferred);
    }
  }

  public Report handle(SendTask task) {
    Optional<Campaign> campaign = campaigns.find(task.appId(), task.campaignId());
    if (campaign.isEmpty() || !task.runId().equals(campaign.get().runId())) {
      // Deleted, or relaunched as another run since: this run's remaining work is dropped.
      return new Report(0, 0, 0, 0, 0, 0);
    }
    return switch (task) {
      case SendTask.FanOut fanOut -> fanOut(campaign.get(), fanOut);
      case SendTask.SendTo sendTo -> sendTo(campaign.get(), sendTo);
    };
  }

  private Report fanOut(Campaign campaign, SendTask.FanOut task) {
    ProfileDirectory.Page page =
        directory.members(campaign.appId(), campaign.segmentId(), task.cursor(), PAGE);
    List<SendTask> next = new ArrayList<>();
    List<String> ids = page.userIds();
    for (int from = 0; from < ids.size(); from += BATCH) {
      next.add(
          new SendTask.SendTo(
              task.appId(),
              task.campaignId(),
              task.runId(),
              task.runStartedAt(),
              ids.subList(from, Math.min(ids.size(), from + BATCH)),
              startOf(campaign)));
    }
    if (page.nextCursor() != null) {
      next.add(
          new SendTask.FanOut(
              task.appId(),
              task.campaignId(),
              task.runId(),
              task.runStartedAt(),
              page.nextCursor()));
    }
    queue.enqueue(next);
    return new Report(next.size(), 0, 0, 0, 0, 0);
  }

  /** When the run's messages may go: an {@code at} schedule's instant, else now. */
  private static Instant startOf(Campaign campaign) {
    return campaign.schedule() instanceof Schedule.At at && at.at() != null ? at.at() : null;
  }

  private Report sendTo(Campaign campaign, SendTask.SendTo task) {
    Instant now = clock.instant();
    if (task.notBefore() != null && task.notBefore().isAfter(now)) {
      queue.enqueue(List.of(task));
      return new Report(1, 0, 0, 0, 0, 0);
    }
    Map<String, MessageTemplate> byVariant = new HashMap<>();
    for (Variant variant : campaign.variants()) {
      templates
          .find(campaign.appId(), variant.templateId())
          .ifPresent(t -> byVariant.put(variant.id(), t));
    }
    DeliverySettings appSettings = settings.of(campaign.appId());
    Run run =
        new Run(
            campaign,
            task,
            campaign.assignment(),
            new DeliveryRules(appSettings),
            campaign.message(task.deliveryRun(), task.runStartedAt()),
            byVariant,
            appSettings);
    Map<String, Profile> loaded = profiles.load(campaign.appId(), task.userIds());
    // Publishing waits on the network (tens of milliseconds a message): users are sent to side by
    // side. A failure fails the task, which is retried whole; what was sent is then a duplicate.
    List<UserResult> results =
        SideBySide.map(task.userIds(), concurrency, id -> sendToOne(run, id, loaded.get(id)));
    return recorded(campaign, task, results);
  }

  /** What one user of a task came to: under which variant (null: held out or none yet). */
  private record UserResult(String variantId, Tally tally, Report report, String problem) {
    static UserResult queued() {
      return new UserResult(null, Tally.NONE, new Report(1, 0, 0, 0, 0, 1), null);
    }
  }

  /** Records the task's outcome once all of its users are done; answers the task's report. */
  private Report recorded(Campaign campaign, SendTask.SendTo task, List<UserResult> results) {
    Map<String, Tally> byVariant = new HashMap<>();
    Report report = new Report(0, 0, 0, 0, 0, 0);
    String problem = null;
    for (int i = 0; i < results.size(); i++) {
      UserResult one = results.get(i);
      report = report.plus(one.report());
      if (one.variantId() != null) {
        byVariant.merge(one.variantId(), one.tally(), Tally::plus);
        if (TimingHoldout.atPlainTime(campaign, task.userIds().get(i))) {
          byVariant.merge(TimingHoldout.PLAIN_TIME, one.tally(), Tally::plus);
        }
      }
      problem = one.problem() != null ? one.problem() : problem;
    }
    if (!byVariant.isEmpty() || report.holdout() > 0) {
      outcomes.recordTask(
          new TaskOutcome(
              campaign.appId(),
              campaign.id(),
              task.runId(),
              task.key(),
              byVariant,
              report.holdout(),
              problem));
    }
    return report;
  }

  /** What every user of one task shares. */
  private record Run(
      Campaign campaign,
      SendTask.SendTo task,
      VariantAssignment assignment,
      DeliveryRules rules,
      Message message,
      Map<String, MessageTemplate> byVariant,
      DeliverySettings settings) {}

  private UserResult sendToOne(Run run, String userId, Profile profile) {
    Campaign campaign = run.campaign();
    SendTask.SendTo task = run.task();
    Instant now = clock.instant();
    Arm arm = run.assignment().armOf(userId);
    String variantId = arm instanceof Arm.Of of ? of.variant().id() : null;
    if (task.trigger() != null && Triggers.leftBeforeFiring(campaign, task.trigger(), profile)) {
      // Left before it fired, held out or not: in no group's count, so the lift stays fair.
      return new UserResult(variantId, Tally.exitedOf(), new Report(0, 0, 0, 0, 0, 0), null);
    }
    Instant wallClockStart = RecipientFacts.localStart(campaign, profile, run.settings());
    if (wallClockStart != null && wallClockStart.isAfter(now)) {
      // "At 9:00 in each user's time zone": Tokyo's users wait for 9:00 in Tokyo.
      return later(task, userId, wallClockStart);
    }
    String tag = task.key().substring(0, 8);
    for (int attempt = 1; ; attempt++) {
      DeliveryState state =
          states
              .find(campaign.appId(), userId)
              .orElseGet(() -> DeliveryState.none(campaign.appId(), userId));
      Instant best =
          EngagementTiming.nextBest(campaign, userId, task.runStartedAt(), state.window(), now);
      if (best.isAfter(now)) {
        // "In each user's engagement window": held until their next best hour.
        return later(task, userId, best);
      }
      Send claim =
          new Send(campaign.id(), task.deliveryRun(), now, tag, arm instanceof Arm.Holdout);
      Verdict verdict =
          arm instanceof Arm.Holdout
              ? Claims.heldOut(state, claim)
              : run.rules().check(run.message(), RecipientFacts.of(userId, profile, state), now);
      switch (verdict) {
        case Verdict.Suppress suppress -> {
          return suppressed(run, variantId, suppress, state, tag);
        }
        case Verdict.Defer defer -> {
          return later(task, userId, defer.until());
        }
        case Verdict.Deliver deliver -> {
          try {
            states.save(Claims.withClaim(state, claim, campaign, run.settings()));
          } catch (ConcurrentUpdateException e) {
            if (attempt == ATTEMPTS) {
              throw e;
            }
            continue; // read the state again and ask the rules again
          }
          if (arm instanceof Arm.Holdout) {
            return new UserResult(null, Tally.NONE, new Report(0, 0, 0, 0, 1, 0), null);
          }
          return publish(run, userId, profile, variantId, deliver.devices());
        }
      }
    }
  }

  private UserResult suppressed(
      Run run, String variantId, Verdict.Suppress suppress, DeliveryState state, String tag) {
    if (variantId == null) {
      // A held-out user already recorded: by this task before it was retried, or by another.
      return new UserResult(null, Tally.NONE, new Report(0, 0, 0, 0, 1, 0), null);
    }
    if (suppress.reason() == SuppressionReason.DUPLICATE
        && Claims.claimedBy(state, run.campaign().id(), run.task().deliveryRun(), tag)) {
      // This task claimed the user before it failed and was retried: it published then, to the
      // devices that were valid (the push service's answer is not known now).
      int devices = (int) state.devices().stream().filter(Device::valid).count();
      return new UserResult(variantId, Tally.sentOf(devices), new Report(0, 0, 0, 0, 0, 0), null);
    }
    return new UserResult(
        variantId, Tally.suppressedOf(suppress.reason()), new Report(0, 0, 0, 1, 0, 0), null);
  }

  private UserResult publish(
      Run run, String userId, Profile profile, String variantId, List<Device> devices) {
    Campaign campaign = run.campaign();
    SendTask.SendTo task = run.task();
    MessageTemplate template = run.byVariant().get(variantId);
    if (template == null) {
      return failed(variantId, "the template of variant " + variantId + " is gone");
    }
    RenderedMessage rendered =
        templates.render(
            template,
            profile != null ? profile : new Profile(campaign.appId(), userId),
            Triggers.eventModel(task.trigger()));
    PushPayload.Attribution from =
        new PushPayload.Attribution(campaign.id(), task.runId(), variantId);
    // Both limits hold across every sender: the app's (all campaigns) and the campaign's own.
    rates.acquire("app#" + campaign.appId(), run.settings().rateLimitPerSecond(), devices.size());
    rates.acquire(
        "campaign#" + campaign.appId() + "#" + campaign.id(),
        campaign.rateLimitPerSecond(),
        devices.size());
    // Every device of the user at once, on the async client; the sender's concurrency bounds how
    // many users (so publishes) are in flight.
    List<CompletableFuture<PublishResult>> inFlight = new ArrayList<>();
    List<Device> publishedTo = new ArrayList<>();
    String problem = null;
    for (Device device : devices) {
      Optional<String> payload = PushPayload.forDevice(device.platform(), rendered, from);
      if (payload.isEmpty()) {
        problem = "the rendered message cannot fit a push payload";
        continue;
      }
      publishedTo.add(device);
      inFlight.add(
          publisher
              .publish(device.endpointArn(), payload.get())
              // Throttling and server errors were retried with back-off; the send is claimed, so
              // failing the task would only make it a duplicate: it is a failure, recorded.
              .exceptionally(
                  unavailable ->
                      new PublishResult.Refused(
                          "the push service did not answer: " + rootMessage(unavailable))));
    }
    int accepted = 0;
    for (int i = 0; i < inFlight.size(); i++) {
      switch (inFlight.get(i).join()) {
        case PublishResult.Accepted ignored -> accepted++;
        case PublishResult.DeviceGone gone -> {
          Device device = publishedTo.get(i);
          Devices.invalidate(states, clock, campaign.appId(), userId, device.endpointArn());
          problem = "device " + device.deviceId() + " is gone: " + gone.detail();
        }
        case PublishResult.Refused refused -> problem = refused.detail();
      }
    }
    if (accepted > 0) {
      return new UserResult(variantId, Tally.sentOf(accepted), new Report(0, 1, 0, 0, 0, 0), null);
    }
    return failed(variantId, problem);
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  private static UserResult failed(String variantId, String problem) {
    return new UserResult(variantId, Tally.failedOf(), new Report(0, 0, 1, 0, 0, 0), problem);
  }

  /** Queues the user of this task again, not before {@code at}. */
  private UserResult later(SendTask.SendTo task, String userId, Instant at) {
    queue.enqueue(
        List.of(
            new SendTask.SendTo(
                task.appId(),
                task.campaignId(),
                task.runId(),
                task.runStartedAt(),
                List.of(userId),
                at,
                task.trigger())));
    return UserResult.queued();
  }
}
