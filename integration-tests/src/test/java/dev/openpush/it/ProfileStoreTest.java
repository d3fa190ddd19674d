package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.TraitValue;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import dev.openpush.local.Repo;
import dev.openpush.local.TemplateResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB profile store on its own: version checks of every kind of commit. */
class ProfileStoreTest {
  private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");
  private static DynamoDbProfileStore store;

  @BeforeAll
  static void tables() {
    LocalClients clients = LocalClients.of(Emulators.shared());
    Map<String, String> names =
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .create(clients, "ps" + UUID.randomUUID().toString().substring(0, 6) + "-");
    DynamoDbClient dynamo = clients.dynamo();
    store =
        new DynamoDbProfileStore(
            dynamo,
            new Tables(
                names.get("ProfilesTable"),
                names.get("SegmentsTable"),
                names.get("MembershipsTable")));
  }

  private static void write(Profile profile) {
    store.commit(
        new ProfileCommit(
            "app", List.of(new ProfileCommit.Write(profile, Map.of(), List.of())), 0));
  }

  private static Profile withCity(String user, String city) {
    Profile p = new Profile("app", user);
    p.traits().put("city", new TraitValue(TextNode.valueOf(city), AT));
    return p;
  }

  @Test
  void aPlainRewriteFromAStaleReadIsRefusedAndTheWinnerStays() {
    write(withCity("stale", "Paris"));
    Profile first = store.load("app", List.of("stale")).get("stale");
    Profile second = store.load("app", List.of("stale")).get("stale");
    first.traits().put("city", new TraitValue(TextNode.valueOf("Lisbon"), AT));
    write(first);
    second.traits().put("city", new TraitValue(TextNode.valueOf("Osaka"), AT));

    assertThatThrownBy(() -> write(second)).isInstanceOf(ConcurrentUpdateException.class);
    Profile stored = store.load("app", List.of("stale")).get("stale");
    assertThat(stored.trait("city").asText()).isEqualTo("Lisbon");
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void twoWritersCreatingTheSameProfileCannotBothWin() {
    write(withCity("twin", "Paris"));

    assertThatThrownBy(() -> write(withCity("twin", "Osaka")))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.load("app", List.of("twin")).get("twin").trait("city").asText())
        .isEqualTo("Paris");
  }
}
