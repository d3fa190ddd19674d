package dev.openpush.it;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.TraitValue;
import dev.openpush.local.DynamoDbStreamPoller;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import dev.openpush.local.Repo;
import dev.openpush.local.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The template's tables on DynamoDB Local under a fresh prefix, with a profile store on them and
 * the profile stream projected onto member items as the memberships function does: for tests of the
 * DynamoDB adapters on their own, without the other functions.
 */
record StoreTables(
    DynamoDbClient dynamo,
    Tables tables,
    DynamoDbProfileStore store,
    DynamoDbStreamPoller projection) {
  static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");

  static StoreTables create(String prefix) {
    LocalClients clients = LocalClients.of(Emulators.shared());
    Map<String, String> names =
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .create(clients, prefix + UUID.randomUUID().toString().substring(0, 6) + "-");
    Tables tables = Tables.fromTemplateNames(names);
    DynamoDbStreamPoller poller =
        DynamoDbStreamPoller.projectingMemberships(clients.dynamo(), tables);
    return new StoreTables(
        clients.dynamo(), tables, new DynamoDbProfileStore(clients.dynamo(), tables), poller);
  }

  /**
   * Waits until the member items follow every profile written so far (the projection starts at the
   * first call, from the stream's oldest record, so tests that bring their own start none).
   */
  void awaitProjected() {
    projection.start();
    projection.awaitCaughtUp(Duration.ofSeconds(30));
  }

  /** Commits a profile of app {@code app} alone: no membership change, no user count. */
  void write(Profile profile) {
    store.commit(
        new ProfileCommit(
            profile.appId(), List.of(new ProfileCommit.Write(profile, List.of())), 0));
  }

  static Profile withCity(String user, String city) {
    Profile p = new Profile("app", user);
    p.traits().put("city", new TraitValue(TextNode.valueOf(city), AT));
    return p;
  }
}
