package dev.openpush.bench;

import dev.openpush.aws.dynamodb.DynamoDbCampaigns;
import dev.openpush.aws.dynamodb.DynamoDbDeliveryStates;
import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.aws.dynamodb.DynamoDbOutcomes;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbSettings;
import dev.openpush.aws.dynamodb.DynamoDbTemplates;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.domain.campaign.CampaignSender;
import dev.openpush.domain.campaign.SendTask;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.PublishResult;
import dev.openpush.domain.ports.PushPublisher;
import dev.openpush.domain.template.MessageTemplate;
import dev.openpush.domain.template.TemplateEngine;
import dev.openpush.domain.template.Templates;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import dev.openpush.local.Repo;
import dev.openpush.local.TemplateResources;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sender's DynamoDB cost per message on the real tables (DynamoDB Local): users with a device
 * each and a few earlier sends, a campaign with a 5 % holdout, sent in tasks of 100 users through
 * the same adapters as in AWS, SNS replaced by a stand-in. Read and write units as DynamoDB Local
 * reports them ({@link ReportedCapacity}) and as AWS bills them ({@link CapacityUnits}).
 */
final class PushCapacity {
  private PushCapacity() {}

  /** Prints the figures; answers write and read units per message, as DynamoDB Local reported. */
  static double[] measure(int users) {
    Emulators emulators = Emulators.shared();
    LocalClients clients = LocalClients.of(emulators);
    Map<String, String> names =
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .create(clients, "push" + UUID.randomUUID().toString().substring(0, 6) + "-");
    Tables tables = Tables.fromTemplateNames(names);
    ReportedCapacity reported = new ReportedCapacity();
    CapacityUnits billed = new CapacityUnits();
    DynamoDbClient counted =
        LocalClients.dynamoBuilder(emulators)
            .overrideConfiguration(
                c -> c.addExecutionInterceptor(reported).addExecutionInterceptor(billed))
            .build();
    InMemoryPushWorld world = new InMemoryPushWorld(users, java.time.Duration.ZERO);
    new DynamoDbCampaigns(counted, tables).create(world.campaign);
    new DynamoDbTemplates(counted, tables)
        .create(
            new MessageTemplate(
                PushBenchmark.APP,
                "promo",
                "Promo",
                "Hi {{default traits.firstName \"there\"}}",
                "Winter sale: -20% until Sunday",
                "shop://sale",
                Map.of(),
                1,
                PushBenchmark.NOW,
                PushBenchmark.NOW));
    DynamoDbDeliveryStates states = new DynamoDbDeliveryStates(counted, tables);
    for (DeliveryState state : world.states.values()) {
      states.save(
          new DeliveryState(
              state.appId(),
              state.userId(),
              state.consent(),
              state.devices(),
              state.recentSends(),
              0));
    }
    AtomicLong published = new AtomicLong();
    PushPublisher sns =
        (endpointArn, message) ->
            CompletableFuture.completedFuture(
                new PublishResult.Accepted("m-" + published.incrementAndGet()));
    Clock clock = Clock.fixed(PushBenchmark.NOW, ZoneOffset.UTC);
    CampaignSender sender =
        new CampaignSender(
            new DynamoDbCampaigns(counted, tables),
            new Templates(new DynamoDbTemplates(counted, tables), new TemplateEngine(), clock),
            new DynamoDbDirectory(counted, tables),
            new DynamoDbProfileStore(counted, tables),
            states,
            new DynamoDbSettings(counted, tables),
            sns,
            new DynamoDbOutcomes(counted, tables),
            tasks -> {},
            (scope, limit, messages) -> {},
            16,
            clock);
    reported.reset();
    billed.reset();
    CampaignSender.Report report = new CampaignSender.Report(0, 0, 0, 0, 0, 0);
    for (int from = 0; from < users; from += 100) {
      List<String> ids = new ArrayList<>(world.members.subList(from, Math.min(users, from + 100)));
      report =
          report.plus(
              sender.handle(
                  new SendTask.SendTo(
                      PushBenchmark.APP, "sale", "run-1", PushBenchmark.NOW, ids, null)));
    }
    long messages = published.get();
    System.out.printf(
        "On DynamoDB Local (%,d users, %d held out, %,d messages): %.2f write units and %.2f read units per message sent as DynamoDB Local reports them; %.2f and %.2f as AWS bills them%n",
        users,
        report.holdout(),
        messages,
        reported.writeUnits() / messages,
        reported.readUnits() / messages,
        billed.writeUnits() / messages,
        billed.readUnits() / messages);
    return new double[] {reported.writeUnits() / messages, reported.readUnits() / messages};
  }
}
