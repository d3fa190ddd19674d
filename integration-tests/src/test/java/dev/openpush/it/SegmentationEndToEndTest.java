package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Events put on kinesis-local, polled with the template's batch settings into the real ingest
 * handler, read back from DynamoDB Local through the real API handler over HTTP.
 */
class SegmentationEndToEndTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private Instant ago(Duration d) {
    return f.clock.now().minus(d);
  }

  @Test
  void userEntersAndLeavesASegmentAsEventsArrive() {
    f.defineSegment("berliners", "{'trait':'city','op':'eq','value':'Berlin'}");

    f.putAndAwait(
        List.of(
            f.identify("ann", ago(Duration.ofHours(2)), "{'city':'Berlin'}"),
            f.identify("bob", ago(Duration.ofHours(2)), "{'city':'Paris'}")));
    assertThat(f.members("berliners")).containsExactly("ann");

    f.putAndAwait(List.of(f.identify("ann", ago(Duration.ofHours(1)), "{'city':'Rome'}")));
    assertThat(f.members("berliners")).isEmpty();
    assertThat(f.size("berliners")).isZero();
  }

  @Test
  void aLateOlderIdentifyNeverWinsAndRedeliveredRecordsChangeNothing() {
    f.defineSegment("gold", "{'trait':'tier','op':'eq','value':'gold'}");
    f.defineSegment("viewers", "{'event':'Product Viewed','count':{'op':'gte','value':2}}");
    String viewed = f.track("cat", "Product Viewed", ago(Duration.ofMinutes(30)), "{}");

    f.putAndAwait(
        List.of(f.identify("cat", ago(Duration.ofMinutes(10)), "{'tier':'gold'}"), viewed));
    f.putAndAwait(
        List.of(f.identify("cat", ago(Duration.ofHours(5)), "{'tier':'silver'}"), viewed, viewed));

    assertThat(f.members("gold")).containsExactly("cat");
    assertThat(f.members("viewers")).isEmpty();
    JsonNode export = f.call("GET", "/v1/apps/" + f.app + "/users/cat/export", null).body();
    assertThat(export.get("events")).hasSize(1);
  }

  @Test
  void aliasMergesTheAnonymousProfileIntoTheKnownUserWithNothingLost() {
    f.defineSegment(
        "shoe-browsers",
        "{'event':'Product Viewed','where':[{'property':'category','op':'eq','value':'shoes'}]}");
    Instant t = ago(Duration.ofMinutes(20));
    f.putAndAwait(
        List.of(
            "{'type':'track','appId':'"
                + f.app
                + "','event':'Product Viewed','messageId':'anon-view','anonymousId':'anon-77','timestamp':'"
                + t
                + "','properties':{'category':'shoes'}}",
            "{'type':'identify','appId':'"
                + f.app
                + "','messageId':'anon-id','anonymousId':'anon-77','timestamp':'"
                + t
                + "','traits':{'city':'Lisbon','plan':'free'}}",
            f.identify("dan", ago(Duration.ofHours(3)), "{'plan':'pro'}")));
    assertThat(f.members("shoe-browsers")).containsExactly("anon-77");

    f.putAndAwait(
        List.of(
            "{'type':'alias','appId':'"
                + f.app
                + "','messageId':'alias-1','previousId':'anon-77','userId':'dan','timestamp':'"
                + ago(Duration.ofMinutes(5))
                + "'}"));

    assertThat(f.members("shoe-browsers")).containsExactly("dan");
    JsonNode dan = f.call("GET", "/v1/apps/" + f.app + "/users/dan", null).body();
    assertThat(dan.get("traits").get("plan").asText()).isEqualTo("pro");
    assertThat(dan.get("traits").get("city").asText()).isEqualTo("Lisbon");
    assertThat(dan.get("mergedIds").get(0).asText()).isEqualTo("anon-77");
    assertThat(
            f.call("GET", "/v1/apps/" + f.app + "/users/anon-77", null)
                .body()
                .get("userId")
                .asText())
        .isEqualTo("dan");
    // The pointer left behind expires with the history horizon, by the table's TTL.
    String profiles = f.stack.names.get("ProfilesTable");
    var pointer =
        f.stack
            .clients
            .dynamo()
            .getItem(b -> b.tableName(profiles).key(Map.of("pk", s(f.app + "#anon-77"))))
            .item();
    Profile stored =
        ProfileCodec.decode(pointer.get("body").b().asByteArray(), new Profile(f.app, "anon-77"));
    assertThat(stored.mergedInto()).isEqualTo("dan");
    assertThat(stored.history().size()).isZero();
    assertThat(stored.traits()).isEmpty();
    assertThat(pointer.get("expiresAt").n())
        .isEqualTo(Long.toString(f.clock.now().plus(Duration.ofDays(400)).getEpochSecond()));
    var ttl =
        f.stack
            .clients
            .dynamo()
            .describeTimeToLive(b -> b.tableName(profiles))
            .timeToLiveDescription();
    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    assertThat(ttl.timeToLiveStatusAsString()).isEqualTo("ENABLED");
  }

  private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String value) {
    return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value);
  }

  @Test
  void aSegmentDefinedAfterTheEventsIsBuiltFromStoredHistory() {
    f.putAndAwait(
        List.of(
            f.track("eve", "Order Completed", ago(Duration.ofDays(3)), "{'revenue':150}"),
            f.track("eve", "Order Completed", ago(Duration.ofDays(1)), "{'revenue':90}"),
            f.track("fay", "Order Completed", ago(Duration.ofDays(2)), "{'revenue':30}")));

    var created =
        f.call(
            "POST",
            "/v1/apps/" + f.app + "/segments",
            "{'id':'big','name':'Big spenders','condition':{'event':'Order Completed','within':'P30D','sum':'revenue','op':'gte','value':200}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("status").asText()).isEqualTo("building");

    f.stack.sweepNow();

    assertThat(
            f.call("GET", "/v1/apps/" + f.app + "/segments/big", null)
                .body()
                .get("status")
                .asText())
        .isEqualTo("live");
    assertThat(f.members("big")).containsExactly("eve");
    assertThat(f.size("big")).isEqualTo(1);
  }

  @Test
  void aUserLeavesBoughtInTheLastSevenDaysOnDayEightWithoutSendingAnything() {
    f.defineSegment("recent-buyers", "{'event':'Order Completed','within':'P7D'}");
    f.putAndAwait(List.of(f.track("gus", "Order Completed", f.clock.now(), "{'revenue':10}")));
    assertThat(f.members("recent-buyers")).contains("gus");

    f.clock.advance(Duration.ofDays(7).plusMinutes(1));
    f.stack.sweepNow();

    assertThat(f.members("recent-buyers")).doesNotContain("gus");
    JsonNode explain =
        f.call("GET", "/v1/apps/" + f.app + "/users/gus/segments/recent-buyers/explain", null)
            .body();
    assertThat(explain.get("member").asBoolean()).isFalse();
    assertThat(explain.get("condition").get("value").asInt()).isZero();
  }

  @Test
  void malformedRecordsGoToTheDeadLetterBucketWithTheReasonAndTheRestIsApplied() {
    f.defineSegment("openers", "{'event':'Application Opened'}");
    f.putAndAwait(
        List.of(
            f.track("hal", "Application Opened", ago(Duration.ofMinutes(1)), "{}"),
            "this is not json",
            "{'type':'track','event':'X','messageId':'no-ids','timestamp':'2026-11-20T10:00:00Z'}",
            f.track("ivy", "Application Opened", ago(Duration.ofMinutes(1)), "{}")));

    assertThat(f.members("openers")).containsExactlyInAnyOrder("hal", "ivy");
    String bucket = f.stack.names.get("DeadLetterBucket");
    List<S3Object> letters =
        f.stack.clients.s3().listObjectsV2(b -> b.bucket(bucket).prefix("ingest/")).contents();
    List<String> reasons =
        letters.stream()
            .map(
                o ->
                    f.stack
                        .clients
                        .s3()
                        .getObjectAsBytes(b -> b.bucket(bucket).key(o.key()))
                        .asUtf8String())
            .toList();
    assertThat(reasons)
        .anySatisfy(r -> assertThat(r).contains("not valid JSON").contains("this is not json"));
    assertThat(reasons)
        .anySatisfy(r -> assertThat(r).contains("neither userId nor anonymousId is present"));
  }

  @Test
  void apiErrorsAreJsonWithTheRightStatusAndThePathOfTheBadPart() {
    var invalid =
        f.call(
            "POST",
            "/v1/apps/" + f.app + "/segments",
            "{'name':'x','condition':{'and':[{'trait':'a','op':'eq','value':1},{'trait':'b','op':'eq','value':1},{'trait':'city','op':'greater','value':1}]}}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body().get("error").asText()).isEqualTo("invalid_definition");
    assertThat(invalid.body().get("message").asText())
        .isEqualTo("condition.and[2].op: unknown operator \"greater\"");

    var missingRef =
        f.call(
            "POST",
            "/v1/apps/" + f.app + "/segments",
            "{'name':'x','condition':{'segment':'nope'}}");
    assertThat(missingRef.status()).isEqualTo(400);
    assertThat(f.call("GET", "/v1/apps/" + f.app + "/segments/nope", null).status()).isEqualTo(404);
    assertThat(f.call("POST", "/v1/apps/" + f.app + "/segments", "{not json").status())
        .isEqualTo(400);
    assertThat(f.call("GET", "/v1/apps/" + f.app + "/segments?cursor=garbage", null).status())
        .isEqualTo(400);
    assertThat(f.call("PATCH", "/v1/apps/" + f.app + "/segments", null).status()).isEqualTo(405);
  }

  @Test
  void theHttpFrontDoorWritesValidEventsToTheStreamAndReportsTheRest() {
    f.defineSegment("front-door", "{'event':'Signed Up'}");
    var answer =
        f.call(
            "POST",
            "/v1/apps/" + f.app + "/events",
            "[{'type':'track','event':'Signed Up','messageId':'fd-1','userId':'jo','appId':'other','timestamp':'"
                + f.clock.now()
                + "'},"
                + "{'type':'track','event':'Signed Up','messageId':'fd-2','timestamp':'"
                + f.clock.now()
                + "'}]");
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.body().get("accepted").asInt()).isEqualTo(1);
    assertThat(answer.body().get("rejected").get(0).get("index").asInt()).isEqualTo(1);

    f.stack.awaitIngested(Duration.ofSeconds(60));

    assertThat(f.members("front-door")).containsExactly("jo");
  }

  @Test
  void erasureRemovesTheUserTheirMembershipsAndTheirMergedIds() {
    f.defineSegment("erasable", "{'trait':'plan','op':'exists'}");
    f.putAndAwait(List.of(f.identify("kim", ago(Duration.ofMinutes(3)), "{'plan':'pro'}")));
    assertThat(f.members("erasable")).containsExactly("kim");

    assertThat(f.call("DELETE", "/v1/apps/" + f.app + "/users/kim", null).status()).isEqualTo(204);

    assertThat(f.members("erasable")).isEmpty();
    assertThat(f.size("erasable")).isZero();
    assertThat(f.call("GET", "/v1/apps/" + f.app + "/users/kim", null).status()).isEqualTo(404);
  }

  @Test
  void oneEventThatMovesAUserIntoSixtySegmentsKeepsCountsExact() {
    // One profile put carries the 60 entries; the projection writes 60 member items in 3 batches.
    for (int i = 0; i < 60; i++) {
      f.call(
          "POST",
          "/v1/apps/" + f.app + "/segments",
          "{'id':'wide-"
              + i
              + "','name':'wide "
              + i
              + "','condition':{'event':'Wide Event','count':{'op':'gte','value':1}}}");
    }
    f.stack.sweepNow();

    f.putAndAwait(List.of(f.track("max", "Wide Event", ago(Duration.ofMinutes(2)), "{}")));

    for (int i = 0; i < 60; i++) {
      assertThat(f.members("wide-" + i)).as("wide-" + i).containsExactly("max");
      assertThat(f.size("wide-" + i)).isEqualTo(1);
    }
    JsonNode max = f.call("GET", "/v1/apps/" + f.app + "/users/max", null).body();
    assertThat(max.get("segments")).hasSize(60);
  }
}
