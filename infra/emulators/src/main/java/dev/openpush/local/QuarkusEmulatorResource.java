package dev.openpush.local;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the emulators, creates the template's resources under a unique prefix, and points the
 * Quarkiverse clients and the function's environment at them, as the template does in AWS.
 */
public class QuarkusEmulatorResource implements QuarkusTestResourceLifecycleManager {
  /** Logical id in template.yaml to the name created for this test run. */
  public static Map<String, String> names;

  public static LocalClients clients;

  @Override
  public Map<String, String> start() {
    Emulators emulators = Emulators.shared();
    clients = LocalClients.of(emulators);
    names =
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .create(clients, "qt" + UUID.randomUUID().toString().substring(0, 6) + "-");
    // What the template's Environment sets; Settings reads system properties when no variable is
    // set.
    System.setProperty("PROFILES_TABLE", names.get("ProfilesTable"));
    System.setProperty("SEGMENTS_TABLE", names.get("SegmentsTable"));
    System.setProperty("MEMBERSHIPS_TABLE", names.get("MembershipsTable"));
    System.setProperty("HISTORY_TABLE", names.get("HistoryTable"));
    System.setProperty("DELIVERY_TABLE", names.get("DeliveryTable"));
    System.setProperty("CAMPAIGNS_TABLE", names.get("CampaignsTable"));
    System.setProperty("SEND_QUEUE", names.get("SendQueue"));
    System.setProperty("DEAD_LETTER_BUCKET", names.get("DeadLetterBucket"));
    System.setProperty("EVENTS_STREAM", names.get("EventsStream"));
    System.setProperty("KINESIS_ENDPOINT", emulators.kinesisEndpoint.toString());
    // APNS and GCM platform applications for the app of the sample events (events/api).
    System.setProperty(
        "PLATFORM_APPLICATIONS",
        PlatformApplicationsLocally.asSetting(
            PlatformApplicationsLocally.create(
                clients.sns(), "", java.util.List.of("shop"), "APNS", "GCM")));
    // The plain SDK clients (Kinesis) take region and credentials from system properties.
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    Map<String, String> config = new HashMap<>();
    for (String service : new String[] {"dynamodb", "s3", "sns", "sqs"}) {
      config.put("quarkus." + service + ".aws.region", "us-east-1");
      config.put("quarkus." + service + ".aws.credentials.type", "static");
      config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", "test");
      config.put(
          "quarkus." + service + ".aws.credentials.static-provider.secret-access-key", "test");
    }
    // A packaged application under @QuarkusIntegrationTest runs in its own process and gets these
    // entries as system properties: the same settings the test JVM has.
    for (String name :
        new String[] {
          "PROFILES_TABLE",
          "SEGMENTS_TABLE",
          "MEMBERSHIPS_TABLE",
          "HISTORY_TABLE",
          "DELIVERY_TABLE",
          "CAMPAIGNS_TABLE",
          "SEND_QUEUE",
          "DEAD_LETTER_BUCKET",
          "EVENTS_STREAM",
          "KINESIS_ENDPOINT",
          "PLATFORM_APPLICATIONS",
          "aws.region",
          "aws.accessKeyId",
          "aws.secretAccessKey"
        }) {
      config.put(name, System.getProperty(name));
    }
    config.put("quarkus.dynamodb.endpoint-override", emulators.dynamoEndpoint.toString());
    config.put("quarkus.s3.endpoint-override", emulators.awsEndpoint.toString());
    config.put("quarkus.sns.endpoint-override", emulators.awsEndpoint.toString());
    config.put("quarkus.sqs.endpoint-override", emulators.awsEndpoint.toString());
    return config;
  }

  @Override
  public void stop() {
    // The emulators are shared by the JVM and stopped at exit.
  }
}
