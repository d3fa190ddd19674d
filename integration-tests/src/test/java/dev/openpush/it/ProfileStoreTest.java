package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.openpush.aws.dynamodb.Cursors;
import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.aws.dynamodb.DynamoDbMemberIndex;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbWakeQueue;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.UserRef;
import dev.openpush.domain.profile.DeviceContext;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.profile.TraitValue;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.local.DynamoDbStreamPoller;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** The DynamoDB profile store on its own: version checks of every kind of commit. */
class ProfileStoreTest {
  private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");
  private static DynamoDbProfileStore store;
  private static DynamoDbClient dynamo;
  private static String profilesTable;
  private static Tables tables;
  private static String membershipsTable;
  private static StoreTables storeTables;

  @BeforeAll
  static void tables() {
    StoreTables created = StoreTables.create("ps");
    dynamo = created.dynamo();
    tables = created.tables();
    store = created.store();
    profilesTable = tables.profiles();
    membershipsTable = tables.memberships();
    storeTables = created;
  }

  private static void write(Profile profile) {
    storeTables.write(profile);
  }

  private static Profile withCity(String user, String city) {
    return StoreTables.withCity(user, city);
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

  @Test
  void aProfileStoredInFormat1IsReadWholeAndWrittenBackInTheCurrentFormat() throws Exception {
    Map<String, AttributeValue> legacy = itemFrom("/format1/profile-item.json");
    dynamo.putItem(b -> b.tableName(profilesTable).item(legacy));

    Profile read = store.load("shop", List.of("jane@example.com")).get("jane@example.com");

    assertThat(read.version()).isEqualTo(7);
    assertThat(read.trait("city").asText()).isEqualTo("Lisbon");
    assertThat(read.trait("address.zip").asText()).isEqualTo("4000");
    assertThat(read.traits().get("plan").isRemoved()).isTrue();
    assertThat(read.traits().get("nickname").viaMergedId()).isTrue();
    assertThat(read.contextValue(DeviceContext.Field.APP_VERSION).asText()).isEqualTo("3.4.1");
    assertThat(read.history().all())
        .extracting(StoredEvent::name)
        .containsExactly(
            "Application Opened", "Order Completed", "Product Viewed", "Application Opened");
    assertThat(
            read.events("Order Completed").get(0).properties().get("tags").get(2).get("x").asText())
        .isEqualTo("ü€😀");
    assertThat(read.seenMessageIds()).containsKeys("m-1", "0f8fad5b-d9cb-469f-a165-70867728950e");
    assertThat(read.mergedIds()).containsExactly("anon-42");
    assertThat(read.memberships().asMap()).containsOnlyKeys("vip-buyers", "openers");
    assertThat(read.nextWake()).isEqualTo(Instant.parse("2026-11-21T09:30:00.123Z"));
    Map<String, AttributeValue> before = legacy;

    write(read);

    Map<String, AttributeValue> after =
        dynamo.getItem(b -> b.tableName(profilesTable).key(Map.of("pk", before.get("pk")))).item();
    assertThat(after.get("f").n()).isEqualTo(Integer.toString(ProfileCodec.FORMAT));
    assertThat(ProfileCodec.formatOf(after.get("body").b().asByteArray()))
        .isEqualTo(ProfileCodec.FORMAT);
    assertThat(after.get("v").n()).isEqualTo("8");
    // Memberships move from the map to their compact form.
    assertThat(after).containsKey("m").doesNotContainKey("segs");
    Profile rewritten = store.load("shop", List.of("jane@example.com")).get("jane@example.com");
    assertThat(rewritten.history().all()).isEqualTo(read.history().all());
    assertThat(rewritten.traits()).isEqualTo(read.traits());
    assertThat(rewritten.seenMessageIds()).isEqualTo(read.seenMessageIds());
    assertThat(rewritten.memberships().asMap()).isEqualTo(read.memberships().asMap());
  }

  @Test
  void aProfileStoredInFormat3IsReadWholeAndWrittenBackInFormat4() throws Exception {
    // Written by f839798's DynamoDbProfileStore (the zlib body of format 3), from the format-1
    // item above: the same profile, one version later.
    Map<String, AttributeValue> stored = itemFrom("/format3/profile-item.json");
    assertThat(stored.get("f").n()).isEqualTo("3");
    Map<String, AttributeValue> format1 = itemFrom("/format1/profile-item.json");
    dynamo.putItem(b -> b.tableName(profilesTable).item(format1));
    Profile fromFormat1 = store.load("shop", List.of("jane@example.com")).get("jane@example.com");
    dynamo.putItem(b -> b.tableName(profilesTable).item(stored));

    Profile read = store.load("shop", List.of("jane@example.com")).get("jane@example.com");
    write(read);

    assertThat(read.version()).isEqualTo(9);
    assertThat(read.traits()).isEqualTo(fromFormat1.traits());
    assertThat(read.history().all()).isEqualTo(fromFormat1.history().all());
    assertThat(read.seenMessageIds()).isEqualTo(fromFormat1.seenMessageIds());
    assertThat(read.mergedIds()).isEqualTo(fromFormat1.mergedIds());
    assertThat(read.memberships().asMap()).isEqualTo(fromFormat1.memberships().asMap());
    assertThat(read.nextWake()).isEqualTo(fromFormat1.nextWake());
    Map<String, AttributeValue> after =
        dynamo.getItem(b -> b.tableName(profilesTable).key(Map.of("pk", stored.get("pk")))).item();
    // A small item: LZ4 cannot cost it a KB more, so it is written in format 4.
    assertThat(after.get("f").n()).isEqualTo("4");
    assertThat(ProfileCodec.formatOf(after.get("body").b().asByteArray())).isEqualTo(4);
    Profile rewritten = store.load("shop", List.of("jane@example.com")).get("jane@example.com");
    assertThat(rewritten.history().all()).isEqualTo(read.history().all());
    assertThat(rewritten.traits()).isEqualTo(read.traits());
    assertThat(rewritten.memberships().asMap()).isEqualTo(read.memberships().asMap());
  }

  @Test
  void wakeUpsAreSpreadOverShardsAndFoundInThemAndInTheUnshardedHour() throws Exception {
    Map<String, AttributeValue> legacy =
        new java.util.HashMap<>(itemFrom("/format1/profile-item.json"));
    legacy.put("pk", AttributeValue.fromS("waking#old-key"));
    legacy.put("app", AttributeValue.fromS("waking"));
    legacy.put("uid", AttributeValue.fromS("old-key"));
    dynamo.putItem(b -> b.tableName(profilesTable).item(legacy));
    Instant wake = Instant.parse("2026-11-21T09:30:00.123Z");
    List<String> sharded = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Profile p = new Profile("waking", "user-" + i);
      p.setNextWake(wake.plusSeconds(i));
      write(p);
      sharded.add("user-" + i);
    }
    Set<String> partitions = new java.util.HashSet<>();
    for (String user : sharded) {
      partitions.add(
          dynamo
              .getItem(
                  b ->
                      b.tableName(profilesTable)
                          .key(Map.of("pk", AttributeValue.fromS("waking#" + user))))
              .item()
              .get("wakeHour")
              .s());
    }

    List<UserRef> due =
        new DynamoDbWakeQueue(dynamo, tables, java.time.Clock.systemUTC())
            .due(wake.minusSeconds(1), wake.plusSeconds(3600));

    assertThat(partitions).allMatch(p -> p.matches("2026-11-21T09#\\d{3}")).hasSizeGreaterThan(20);
    assertThat(due.stream().filter(u -> u.appId().equals("waking")).map(UserRef::userId))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(sharded.stream(), java.util.stream.Stream.of("old-key"))
                .toList());
    assertThat(
            new DynamoDbWakeQueue(dynamo, tables, java.time.Clock.systemUTC())
                .due(wake.plusSeconds(50), wake.plusSeconds(3600)))
        .noneMatch(u -> u.appId().equals("waking"));
  }

  @Test
  void membersStoredBeforeTheShardsExitFromTheirOldPartitionAndEveryoneIsCountedOnce() {
    String app = "legacy" + UUID.randomUUID().toString().substring(0, 6);
    Instant at = AT.minusSeconds(86400);
    java.util.Map<String, Long> counters = new java.util.HashMap<>();
    for (String user : List.of("ana", "ben", "cy")) {
      dynamo.putItem(
          b ->
              b.tableName(membershipsTable)
                  .item(
                      Map.of(
                          "pk", AttributeValue.fromS(app + "#vip"),
                          "sk", AttributeValue.fromS("u#" + user),
                          "enteredAt", AttributeValue.fromN(Long.toString(at.toEpochMilli())))));
      counters.merge(
          String.format("#count#%02d", Math.floorMod(user.hashCode(), 16)), 1L, Long::sum);
    }
    counters.forEach(
        (sk, count) ->
            dynamo.putItem(
                b ->
                    b.tableName(membershipsTable)
                        .item(
                            Map.of(
                                "pk", AttributeValue.fromS(app + "#vip"),
                                "sk", AttributeValue.fromS(sk),
                                "count", AttributeValue.fromN(Long.toString(count))))));
    DynamoDbDirectory directory = new DynamoDbDirectory(dynamo, tables);
    assertThat(directory.size(app, "vip")).isEqualTo(3);

    new DynamoDbMemberIndex(dynamo, tables)
        .apply(
            app,
            List.of(
                change(app, "dee", MembershipChange.Kind.ENTERED),
                change(app, "eve", MembershipChange.Kind.ENTERED),
                change(app, "ben", MembershipChange.Kind.EXITED),
                change(app, "eve", MembershipChange.Kind.EXITED),
                change(app, "nobody", MembershipChange.Kind.EXITED)));

    assertThat(directory.size(app, "vip")).isEqualTo(3);
    for (int limit : new int[] {1, 2, 5, 100}) {
      List<String> listed = new java.util.ArrayList<>();
      String cursor = null;
      do {
        ProfileDirectory.Page page = directory.members(app, "vip", cursor, limit);
        assertThat(page.userIds()).hasSizeLessThanOrEqualTo(limit);
        listed.addAll(page.userIds());
        cursor = page.nextCursor();
      } while (cursor != null);
      assertThat(listed).as("limit %d", limit).containsExactlyInAnyOrder("ana", "cy", "dee");
    }
    for (String forged :
        List.of(
            app + "#other#05", app + "#vip#32", app + "#vip#-1", app + "#vip", app + "#vip#5")) {
      String cursor =
          Cursors.encode(
              "members/" + app + "/vip",
              Map.of("pk", AttributeValue.fromS(forged), "sk", AttributeValue.fromS("u#ana")));
      if (forged.equals(app + "#vip")) {
        // The unsharded partition is one of the segment's own: a cursor into it is fine.
        assertThat(directory.members(app, "vip", cursor, 10).userIds()).doesNotContain("ana");
        continue;
      }
      assertThatThrownBy(() -> directory.members(app, "vip", cursor, 10))
          .as(forged)
          .isInstanceOf(Cursors.InvalidCursorException.class);
    }
    assertThat(
            dynamo
                .getItem(
                    b ->
                        b.tableName(membershipsTable)
                            .key(
                                Map.of(
                                    "pk", AttributeValue.fromS(app + "#vip"),
                                    "sk", AttributeValue.fromS("u#ben"))))
                .hasItem())
        .isFalse();
  }

  @Test
  void aCommitMovingManyMembershipsIsOnePutAndTheProjectionWritesEveryMemberItemDespiteAFailure() {
    String app = "wide" + UUID.randomUUID().toString().substring(0, 6);
    AtomicInteger transactions = new AtomicInteger();
    AtomicInteger batchWrites = new AtomicInteger();
    DynamoDbClient counting =
        LocalClients.dynamoBuilder(Emulators.shared())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution context, ExecutionAttributes attributes) {
                            if (context.request() instanceof TransactWriteItemsRequest) {
                              transactions.incrementAndGet();
                            }
                            if (context.request() instanceof BatchWriteItemRequest
                                && batchWrites.incrementAndGet() == 2) {
                              throw SdkClientException.create("injected: connection reset");
                            }
                          }
                        }))
            .build();
    Profile p = new Profile(app, "wide");
    for (int i = 0; i < 120; i++) {
      p.memberships().enter("s" + i, AT);
    }
    new DynamoDbProfileStore(counting, tables)
        .commit(new ProfileCommit(app, List.of(new ProfileCommit.Write(p, List.of())), 0));
    assertThat(transactions).hasValue(0);

    // The member index fails on its second batch of 25: the stream's batch is retried whole.
    try (DynamoDbStreamPoller poller =
        DynamoDbStreamPoller.projectingMemberships(counting, tables)) {
      poller.start();
      poller.awaitCaughtUp(java.time.Duration.ofSeconds(30));
    }

    assertThat(batchWrites.get()).isGreaterThan(5);
    DynamoDbDirectory directory = new DynamoDbDirectory(dynamo, tables);
    for (int i = 0; i < 120; i++) {
      assertThat(directory.size(app, "s" + i)).as("s" + i).isEqualTo(1);
    }
    assertThat(directory.size(app, "s120")).isZero();
  }

  private static MembershipChange change(String app, String user, MembershipChange.Kind kind) {
    return new MembershipChange(app, "vip", user, kind, AT);
  }

  /** An item in DynamoDB's JSON form (S, N, B as base64, M), as the fixture files hold it. */
  private static Map<String, AttributeValue> itemFrom(String resource) throws Exception {
    try (var in = ProfileStoreTest.class.getResourceAsStream(resource)) {
      JsonNode root = Json.mapper().readTree(in);
      Map<String, AttributeValue> item = new java.util.HashMap<>();
      root.fields().forEachRemaining(f -> item.put(f.getKey(), attribute(f.getValue())));
      return item;
    }
  }

  private static AttributeValue attribute(JsonNode typed) {
    if (typed.has("S")) {
      return AttributeValue.fromS(typed.get("S").asText());
    }
    if (typed.has("N")) {
      return AttributeValue.fromN(typed.get("N").asText());
    }
    if (typed.has("B")) {
      return AttributeValue.fromB(
          SdkBytes.fromByteArray(Base64.getDecoder().decode(typed.get("B").asText())));
    }
    Map<String, AttributeValue> map = new java.util.HashMap<>();
    typed.get("M").fields().forEachRemaining(f -> map.put(f.getKey(), attribute(f.getValue())));
    return AttributeValue.fromM(map);
  }
}
