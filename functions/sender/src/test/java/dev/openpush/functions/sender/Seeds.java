package dev.openpush.functions.sender;

import dev.openpush.aws.Settings;
import dev.openpush.aws.dynamodb.DynamoDbCampaigns;
import dev.openpush.domain.campaign.Campaign;
import dev.openpush.domain.campaign.CampaignDefinitions;
import dev.openpush.domain.campaign.CampaignStatus;
import dev.openpush.domain.json.Json;
import dev.openpush.local.QuarkusEmulatorResource;
import java.time.Instant;

/** Campaigns stored straight into the emulated campaigns table, as a launch leaves them. */
final class Seeds {
  static final Instant LAUNCHED = Instant.parse("2026-11-20T00:00:00Z");

  private Seeds() {}

  /** Picks one handler of the package, as the template's {@code QUARKUS_LAMBDA_HANDLER} does. */
  public static class Handler implements io.quarkus.test.junit.QuarkusTestProfile {
    private final String name;

    Handler(String name) {
      this.name = name;
    }

    @Override
    public java.util.Map<String, String> getConfigOverrides() {
      return java.util.Map.of("quarkus.lambda.handler", name);
    }
  }

  static String event(String path) throws java.io.IOException {
    return java.nio.file.Files.readString(dev.openpush.local.Repo.root().resolve(path));
  }

  static Campaign campaign(String id, String definition, CampaignStatus status, String runId) {
    try {
      Campaign campaign =
          CampaignDefinitions.parse(
              "shop",
              id,
              Json.mapper().readTree(definition.replace('\'', '"')),
              status,
              runId,
              1,
              LAUNCHED,
              LAUNCHED);
      new DynamoDbCampaigns(
              QuarkusEmulatorResource.clients.dynamo(), Settings.fromEnvironment().tables())
          .create(campaign);
      return campaign;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
