package dev.openpush.domain.ingest;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.ports.DeadLetter;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.support.InMemoryProfileStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final SegmentCatalog catalog =
      new SegmentCatalog(
          List.of(
              segment("buyers", "{'event':'Order Completed','within':'P7D'}"),
              segment("berlin", "{'trait':'city','op':'eq','value':'Berlin'}")));
  private final IngestService service =
      new IngestService(
          store, app -> catalog, deadLetters::addAll, Clock.fixed(NOW, ZoneOffset.UTC));
  private int sequence;

  private IncomingRecord record(String json) {
    return new IncomingRecord(
        String.valueOf(++sequence),
        "pk",
        NOW,
        json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private IncomingRecord order(String messageId, String user) {
    return record(
        "{'type':'track','event':'Order Completed','messageId':'"
            + messageId
            + "','userId':'"
            + user
            + "','appId':'shop','timestamp':'2026-11-20T10:00:00Z','properties':{'revenue':10}}");
  }

  @Test
  void malformedRecordsAreDeadLetteredWithTheReasonAndTheRestIsApplied() {
    List<IncomingRecord> batch =
        List.of(
            order("m1", "u1"),
            record("not json"),
            record(
                "{'type':'track','event':'X','messageId':'m2','timestamp':'2026-11-20T10:00:00Z'}"),
            record(
                "{'type':'shout','messageId':'m3','userId':'u1','timestamp':'2026-11-20T10:00:00Z'}"),
            order("m4", "u2"));

    BatchOutcome outcome = service.process(batch);

    assertThat(outcome.failedIds()).isEmpty();
    assertThat(deadLetters)
        .extracting(DeadLetter::reason)
        .satisfiesExactly(
            reason -> assertThat(reason).startsWith("not valid JSON: Unrecognized token 'not'"),
            reason -> assertThat(reason).isEqualTo("neither userId nor anonymousId is present"),
            reason -> assertThat(reason).isEqualTo("unknown type \"shout\""));
    assertThat(deadLetters)
        .extracting(letter -> letter.record().id())
        .containsExactly("2", "3", "4");
    assertThat(store.members("buyers")).containsExactly("u1", "u2");
  }

  private IncomingRecord identify(String messageId, String user, String traits) {
    return record(
        "{'type':'identify','messageId':'"
            + messageId
            + "','userId':'"
            + user
            + "','appId':'shop','timestamp':'2026-11-20T10:00:00Z','traits':"
            + traits
            + "}");
  }

  @Test
  void traitsThatWouldOutgrowTheirBoundAreDeadLetteredAndTheUserKeepsWorking() {
    String fortyKb = "x".repeat(40 * 1024);
    String thirtyKb = "y".repeat(30 * 1024);
    service.process(List.of(identify("m1", "u1", "{'bio':'" + fortyKb + "','city':'Berlin'}")));

    BatchOutcome outcome =
        service.process(
            List.of(
                identify("m2", "u1", "{'notes':'" + thirtyKb + "'}"),
                order("m3", "u1"),
                identify("m4", "u1", "{'bio':'" + thirtyKb + "'}"),
                identify("m5", "u1", "{'notes':'" + thirtyKb + "'}")));

    assertThat(outcome.failedIds()).isEmpty();
    assertThat(outcome.deadLettered()).isEqualTo(1);
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.record().id()).isEqualTo("2");
              assertThat(letter.reason()).contains("64 KB of traits");
            });
    // The order and the shorter bio were applied; with the bio shorter, the notes fit.
    assertThat(store.members("buyers")).containsExactly("u1");
    assertThat(store.get("shop", "u1").trait("bio").asText()).isEqualTo(thirtyKb);
    assertThat(store.get("shop", "u1").trait("notes").asText()).isEqualTo(thirtyKb);
    assertThat(store.members("berlin")).containsExactly("u1");
  }

  @Test
  void oversizedRecordsAreDeadLettered() {
    String padding = "x".repeat(300 * 1024);
    service.process(
        List.of(
            record(
                "{'type':'track','event':'X','messageId':'m1','userId':'u1','timestamp':'2026-11-20T10:00:00Z','properties':{'p':'"
                    + padding
                    + "'}}")));
    assertThat(deadLetters)
        .singleElement()
        .extracting(DeadLetter::reason)
        .asString()
        .contains("over the 262144 byte limit");
  }

  @Test
  void eventsOfOnePersonInOneBatchCostOneCommit() {
    service.process(
        List.of(order("m1", "u1"), order("m2", "u1"), order("m3", "u1"), order("m4", "u2")));
    assertThat(store.commits).isEqualTo(2);
  }

  @Test
  void aRedeliveredBatchChangesNothing() {
    List<IncomingRecord> batch = List.of(order("m1", "u1"), order("m2", "u1"));
    service.process(batch);
    var before = store.get("shop", "u1");

    BatchOutcome again = service.process(batch);

    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(again.profileCommits()).isZero();
    assertThat(store.get("shop", "u1").history().size()).isEqualTo(before.history().size());
    assertThat(store.get("shop", "u1").version()).isEqualTo(before.version());
  }

  @Test
  void aStoreFailureFailsOnlyThatPersonsRecords() {
    store.failNextCommits = 1;
    BatchOutcome outcome = service.process(List.of(order("m1", "u1"), order("m2", "u2")));
    assertThat(outcome.failedIds()).containsExactly("1");
    assertThat(store.members("buyers")).containsExactly("u2");
  }

  @Test
  void anAnonymousProfileMergesIntoTheKnownUserOnAlias() {
    service.process(
        List.of(
            record(
                "{'type':'identify','appId':'shop','messageId':'a1','anonymousId':'anon-1','timestamp':'2026-11-20T09:00:00Z','traits':{'city':'Berlin'}}"),
            record(
                "{'type':'track','appId':'shop','event':'Order Completed','messageId':'a2','anonymousId':'anon-1','timestamp':'2026-11-20T09:05:00Z'}")));
    assertThat(store.members("berlin")).containsExactly("anon-1");

    BatchOutcome alias =
        service.process(
            List.of(
                record(
                    "{'type':'alias','appId':'shop','messageId':'a3','previousId':'anon-1','userId':'u9','timestamp':'2026-11-20T09:10:00Z'}")));
    assertThat(alias.failedIds()).isEmpty();
    service.process(
        List.of(
            record(
                "{'type':'track','appId':'shop','event':'Product Viewed','messageId':'a4','anonymousId':'anon-1','timestamp':'2026-11-20T09:20:00Z'}")));

    assertThat(store.members("berlin")).containsExactly("u9");
    assertThat(store.members("buyers")).containsExactly("u9");
    var known = store.get("shop", "u9");
    assertThat(known.history().size()).isEqualTo(2);
    assertThat(known.mergedIds()).containsExactly("anon-1");
    assertThat(store.get("shop", "anon-1").mergedInto()).isEqualTo("u9");
  }

  @Test
  void aNewUserJoinsSegmentsThatHoldForSomeoneWhoHasDoneNothingYet() {
    SegmentCatalog withNegation =
        new SegmentCatalog(
            List.of(
                segment("never-bought", "{'not':{'event':'Order Completed'}}"),
                segment("no-plan", "{'trait':'plan','op':'notExists'}")));
    IngestService ingest =
        new IngestService(
            store, app -> withNegation, deadLetters::addAll, Clock.fixed(NOW, ZoneOffset.UTC));

    ingest.process(
        List.of(
            record(
                "{'type':'track','event':'Application Opened','messageId':'m1','userId':'u9','appId':'shop','timestamp':'2026-11-20T10:00:00Z'}")));

    assertThat(store.members("never-bought")).containsExactly("u9");
    assertThat(store.members("no-plan")).containsExactly("u9");
  }

  @Test
  void aBatchMergingMoreIdsThanOneCommitHoldsIsAppliedInSeveralCommits() {
    List<IncomingRecord> records = new ArrayList<>();
    for (int i = 0; i < 2 * IngestService.MERGES_PER_UNIT + 5; i++) {
      records.add(
          record(
              "{'type':'track','event':'Order Completed','messageId':'m-"
                  + i
                  + "','anonymousId':'anon-"
                  + i
                  + "','userId':'kim','appId':'shop','timestamp':'2026-11-20T10:00:00Z'}"));
    }

    BatchOutcome outcome = service.process(records);

    assertThat(outcome.failedIds()).isEmpty();
    assertThat(outcome.profileCommits()).isEqualTo(3);
    assertThat(store.get("shop", "kim").mergedIds()).hasSize(2 * IngestService.MERGES_PER_UNIT + 5);
    assertThat(store.get("shop", "kim").history().size())
        .isEqualTo(2 * IngestService.MERGES_PER_UNIT + 5);
    assertThat(store.members("buyers")).containsExactly("kim");
  }

  @Test
  void aUserWhoseHistoryOutgrowsOneItemKeepsTheNewestEventsAndLosesNone() {
    java.util.Random random = new java.util.Random(7);
    List<IncomingRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // 4 KB of hex that gzip cannot shrink much: 200 of them do not fit in one item.
      StringBuilder noise = new StringBuilder();
      for (int c = 0; c < 4096; c++) {
        noise.append(Character.forDigit(random.nextInt(16), 16));
      }
      records.add(
          record(
              "{'type':'track','event':'Order Completed','messageId':'big-"
                  + i
                  + "','userId':'heavy','appId':'shop','timestamp':'"
                  + NOW.minusSeconds(1_000 - i)
                  + "','properties':{'revenue':1,'note':'"
                  + noise
                  + "'}}"));
    }

    BatchOutcome first = service.process(records);
    BatchOutcome later = service.process(List.of(order("small-1", "heavy")));

    assertThat(first.failedIds()).isEmpty();
    assertThat(first.applied()).isEqualTo(200);
    assertThat(first.prunedForSize()).isPositive();
    assertThat(later.failedIds()).isEmpty();
    assertThat(later.applied()).isEqualTo(1);
    var stored = store.get("shop", "heavy");
    assertThat(stored.history().size()).isEqualTo(200 - first.prunedForSize() + 1);
    // The newest big event is kept, and so is the small one that came later.
    assertThat(stored.history().all().getLast().at()).isEqualTo(NOW.minusSeconds(801));
    assertThat(stored.history().all())
        .anySatisfy(
            e -> assertThat(e.at()).isEqualTo(java.time.Instant.parse("2026-11-20T10:00:00Z")));
    assertThat(dev.openpush.domain.profile.ProfileCodec.encode(stored).length)
        .isLessThanOrEqualTo(dev.openpush.domain.profile.ProfileCodec.MAX_STORED_BYTES);
    assertThat(store.members("buyers")).containsExactly("heavy");
  }
}
