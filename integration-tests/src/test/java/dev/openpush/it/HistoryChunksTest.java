package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.profile.History;
import dev.openpush.domain.profile.HistoryHorizons;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** History chunks in the history table, on DynamoDB Local: written, read back, replaced, purged. */
class HistoryChunksTest {
  private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");
  private static DynamoDbProfileStore store;
  private static DynamoDbClient dynamo;
  private static Tables tables;
  private static StoreTables storeTables;

  @BeforeAll
  static void tables() {
    storeTables = StoreTables.create("hc");
    dynamo = storeTables.dynamo();
    tables = storeTables.tables();
    store = storeTables.store();
  }

  private static void write(Profile profile) {
    storeTables.write(profile);
  }

  private static Profile withCity(String user, String city) {
    return StoreTables.withCity(user, city);
  }

  private static List<Map<String, AttributeValue>> chunkItems(String user) {
    return dynamo
        .query(
            q ->
                q.tableName(tables.history())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("app#" + user))))
        .items();
  }

  /** A profile with 60 daily searches, which no segment reads: 59 of them leave the item. */
  private static Profile searcher(String user) {
    Profile p = withCity(user, "Paris");
    for (int day = 60; day >= 1; day--) {
      p.history()
          .add(
              new StoredEvent(
                  "Search",
                  AT.minus(java.time.Duration.ofDays(day)),
                  dev.openpush.domain.json.Json.mapper().createObjectNode().put("day", day)));
    }
    p.archive().moveOut(p.history(), new HistoryHorizons.Builder().build(), AT);
    return p;
  }

  @Test
  void historyChunksAreStoredBesideTheItemReadBackWholeAndReplacedOnlyOnceStoredWithout() {
    Profile p = searcher("chunked");
    write(p);

    List<Map<String, AttributeValue>> items = chunkItems("chunked");
    assertThat(items)
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.get("sk").s()).isEqualTo(p.archive().chunks().get(0).key());
              assertThat(item.get("events").n()).isEqualTo("59");
              // Expires with its newest event's retention (DynamoDB's TTL, epoch seconds).
              assertThat(Long.parseLong(item.get("expiresAt").n()))
                  .isEqualTo(
                      AT.minus(java.time.Duration.ofDays(2))
                          .plus(History.RETENTION)
                          .getEpochSecond());
            });
    Profile read = store.load("app", List.of("chunked")).get("chunked");
    assertThat(read.history().size()).isEqualTo(1);

    store.restoreHistory(read);
    assertThat(read.history().named("Search"))
        .hasSize(60)
        .extracting(e -> e.properties().get("day").asInt())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.iterate(60, d -> d - 1).limit(60).boxed().toList());
    // Restored, not yet stored: the chunk stays until the item no longer lists it.
    assertThat(chunkItems("chunked")).hasSize(1);
    write(read);
    assertThat(chunkItems("chunked")).isEmpty();
    assertThat(store.load("app", List.of("chunked")).get("chunked").history().size()).isEqualTo(60);
  }

  @Test
  void aProfileListingAChunkAnotherWriterReplacedIsAConflictNotAHole() {
    write(searcher("raced"));
    Profile stale = store.load("app", List.of("raced")).get("raced");
    Profile winner = store.load("app", List.of("raced")).get("raced");
    store.restoreHistory(winner);
    write(winner);

    assertThatThrownBy(() -> store.restoreHistory(stale))
        .isInstanceOf(ConcurrentUpdateException.class);
  }

  @Test
  void aLosingWritersChunkIsListedNowhereAndPurgingTakesIt() {
    write(withCity("purged", "Paris"));
    Profile loser = store.load("app", List.of("purged")).get("purged");
    Profile winner = store.load("app", List.of("purged")).get("purged");
    write(winner);
    Profile losing = searcher("purged");
    losing.setVersion(loser.version());

    assertThatThrownBy(() -> write(losing)).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(chunkItems("purged")).hasSize(1);
    assertThat(store.load("app", List.of("purged")).get("purged").archive().chunks()).isEmpty();

    store.purgeHistory("app", List.of("purged"));
    assertThat(chunkItems("purged")).isEmpty();
  }

  @Test
  void aProfileStoredWhileDeletingItsReplacedChunksFailsStaysStoredAndTheChunkIsPurgedLater() {
    write(searcher("flaky"));
    // A client whose deletes of history chunks fail, as a dropped connection would.
    DynamoDbClient failingDeletes =
        LocalClients.dynamoBuilder(Emulators.shared())
            .overrideConfiguration(
                o ->
                    o.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              software.amazon.awssdk.core.interceptor.Context.BeforeExecution
                                  context,
                              software.amazon.awssdk.core.interceptor.ExecutionAttributes
                                  attributes) {
                            if (context.request()
                                    instanceof
                                    software.amazon.awssdk.services.dynamodb.model
                                            .BatchWriteItemRequest
                                        batch
                                && batch
                                    .requestItems()
                                    .getOrDefault(tables.history(), List.of())
                                    .stream()
                                    .anyMatch(w -> w.deleteRequest() != null)) {
                              throw new IllegalStateException("connection dropped");
                            }
                          }
                        }))
            .build();
    DynamoDbProfileStore flaky = new DynamoDbProfileStore(failingDeletes, tables);
    Profile read = flaky.load("app", List.of("flaky")).get("flaky");
    flaky.restoreHistory(read);

    flaky.commit(new ProfileCommit("app", List.of(new ProfileCommit.Write(read, List.of())), 0));

    Profile stored = store.load("app", List.of("flaky")).get("flaky");
    assertThat(stored.history().named("Search")).hasSize(60);
    assertThat(stored.archive().chunks()).isEmpty();
    assertThat(chunkItems("flaky")).hasSize(1);
    store.purgeHistory("app", List.of("flaky"));
    assertThat(chunkItems("flaky")).isEmpty();
    failingDeletes.close();
  }
}
