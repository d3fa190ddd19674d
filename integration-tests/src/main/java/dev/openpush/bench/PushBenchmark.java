package dev.openpush.bench;

import dev.openpush.domain.campaign.CampaignSender;
import dev.openpush.domain.campaign.SendTask;
import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.Cooldown;
import dev.openpush.domain.delivery.DeliveryRules;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.Device;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.delivery.Message;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.delivery.QuietHours;
import dev.openpush.domain.delivery.Recipient;
import dev.openpush.domain.delivery.Send;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Prints the push figures (run with {@code bin/bench push}): the delivery rules' time per message;
 * one sender instance's messages per second against an SNS stand-in that answers after 20 ms; write
 * units per message sent, counted by AWS's rules from what the sender writes; and the fan-out of a
 * launch to 1,000,000 users. Storage is in memory here (DynamoDB Local is a correctness tool, not a
 * benchmark); the writes are counted item by item.
 */
public final class PushBenchmark {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  static final String APP = "shop";
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

  public static void main(String[] args) {
    System.out.printf("OpenPush push benchmark, JDK %s%n%n", Runtime.version());
    rules();
    double perSecond = sender();
    double[] units = PushCapacity.measure(Integer.getInteger("bench.capacity.users", 2_000));
    cost(perSecond, units[0], units[1]);
    fanOut();
    System.exit(0);
  }

  /** Median over rounds of the rules' time per message, with every rule in play. */
  private static void rules() {
    DeliveryRules rules =
        new DeliveryRules(
            new DeliverySettings(
                List.of(
                    new FrequencyCap(3, Duration.ofDays(1)),
                    new FrequencyCap(10, Duration.ofDays(7))),
                new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0)),
                List.of(
                    new Cooldown("Order Completed", Duration.ofDays(1)),
                    new Cooldown("Support Ticket", Duration.ofHours(4))),
                0,
                ZoneOffset.UTC));
    List<Send> sends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sends.add(new Send("c" + i, "r" + i, NOW.minus(Duration.ofHours(7L * i + 30))));
    }
    Recipient user =
        new Recipient(
            "lea",
            new Consent(true, Map.of("news", true, "offers", false), NOW),
            List.of(
                new Device("phone", Platform.APNS, "t1", "arn:1", true, NOW),
                new Device("tablet", Platform.GCM, "t2", "arn:2", true, NOW)),
            ZoneId.of("Europe/Berlin"),
            sends,
            name -> name.equals("Order Completed") ? NOW.minus(Duration.ofDays(3)) : null);
    Message message =
        new Message(
            "sale",
            "run-1",
            "news",
            List.of(new FrequencyCap(1, Duration.ofDays(1))),
            false,
            false,
            NOW.plusSeconds(3600));
    int checks = 1_000_000;
    double[] nanos = new double[ROUNDS];
    long sink = 0;
    for (int round = -1; round < ROUNDS; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < checks; i++) {
        sink += rules.check(message, user, NOW.plusSeconds(i & 1023)).hashCode();
      }
      if (round >= 0) {
        nanos[round] = (System.nanoTime() - start) / (double) checks;
      }
    }
    System.out.printf(
        "Delivery rules: %.2f us per message (median of %d rounds of %,d checks; 2 app caps, 1 campaign cap, 2 cooldowns, quiet hours, 20 recent sends, 2 devices) [%d]%n",
        median(nanos) / 1000, ROUNDS, checks, sink & 1);
  }

  /** One instance: batches of ten 100-user tasks, as one SQS invocation brings them. */
  /** Answers the messages per second, which the cost line prices the Lambda time of. */
  private static double sender() {
    int users = Integer.getInteger("bench.users", 20_000);
    InMemoryPushWorld world = new InMemoryPushWorld(users, Duration.ofMillis(20));
    CampaignSender sender = world.sender(100);
    List<SendTask.SendTo> tasks = new ArrayList<>();
    for (int from = 0; from < users; from += 100) {
      List<String> ids = new ArrayList<>();
      for (int u = from; u < Math.min(users, from + 100); u++) {
        ids.add("u" + u);
      }
      tasks.add(new SendTask.SendTo(APP, "sale", "run-1", NOW, ids, null));
    }
    // Warm-up on a tenth, counted out below.
    int warm = tasks.size() / 10;
    for (SendTask.SendTo task : tasks.subList(0, warm)) {
      sender.handle(task);
    }
    world.writes.clear();
    long published = world.published.get();
    long start = System.nanoTime();
    CampaignSender.Report report = new CampaignSender.Report(0, 0, 0, 0, 0, 0);
    for (SendTask.SendTo task : tasks.subList(warm, tasks.size())) {
      report = report.plus(sender.handle(task));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long messages = world.published.get() - published;
    double wcu = 0;
    for (String written : world.writes) {
      wcu += Math.ceil(written.getBytes(StandardCharsets.UTF_8).length / 1024.0);
    }
    System.out.printf(
        "Sender: %,.0f messages/s per instance (%,d messages, %d users at once, SNS stand-in answering after 20 ms; %d sent, %d failed, %d suppressed, %d held out)%n",
        messages / seconds,
        messages,
        100,
        report.sent(),
        report.failed(),
        report.suppressed(),
        report.holdout());
    System.out.printf(
        "Writes: %.2f write units per message sent (%d items: the send claimed in the user's delivery state, held-out users remembered there too, one outcome item per task of 100 users; counted per item, size rounded up to the KB)%n",
        wcu / messages, world.writes.size());
    System.out.printf(
        "  with per-app and per-campaign rate limits of 1,000/s or more: + %.2f (one counter update per 10 permits and scope)%n",
        2 / 10.0);
    return messages / seconds;
  }

  /**
   * Per million pushes, us-east-1 on demand as docs/cost.md: the write and read units DynamoDB
   * Local reported per message, SNS mobile push, SQS, and Lambda at the measured rate on 1,024 MB.
   */
  private static void cost(double messagesPerSecond, double writeUnits, double readUnits) {
    double writes = writeUnits * 0.625;
    double reads = readUnits * 0.125;
    double sns = 0.50;
    double sqs =
        0.40 * (1.0 / 100 + 1.0 / 1000) * 1.1; // one receive per task of 100 users, pages, deletes
    double lambda = 0.0000166667 * 1.0 / messagesPerSecond * 1e6;
    System.out.printf(
        "Cost per million pushes: DynamoDB writes %.2f USD + reads %.2f + SNS mobile push %.2f + SQS %.3f + Lambda %.3f (1,024 MB at the rate above) = %.2f USD, beside Pinpoint's 1.00 USD per million pushes%n",
        writes, reads, sns, sqs, lambda, writes + reads + sns + sqs + lambda);
  }

  /** A launch to a million users: the fan-out tasks, run in process one after the other. */
  private static void fanOut() {
    int audience = 1_000_000;
    InMemoryPushWorld world = new InMemoryPushWorld(audience, Duration.ZERO);
    CampaignSender sender = world.sender(1);
    ConcurrentLinkedQueue<SendTask> queue = world.queue;
    queue.add(new SendTask.FanOut(APP, "sale", "run-1", NOW, null));
    long start = System.nanoTime();
    long fanOuts = 0;
    long sendTos = 0;
    while (!queue.isEmpty()) {
      SendTask task = queue.poll();
      if (task instanceof SendTask.FanOut) {
        fanOuts++;
        sender.handle(task);
      } else {
        sendTos++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "Fan-out of 1,000,000 users: %,d page tasks and %,d send tasks of 100 users in %.2f s in one process (%,d SQS batch requests); the pages are read one after another (each names the next), the send tasks spread over as many senders as Lambda runs%n",
        fanOuts, sendTos, seconds, (fanOuts + sendTos + 9) / 10);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
