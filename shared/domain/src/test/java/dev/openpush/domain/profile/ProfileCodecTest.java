package dev.openpush.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ProfileCodecTest {
  private static final Instant T = Instant.parse("2026-11-20T09:30:00.123Z");

  /**
   * What commit 84c120e's codec (format 1, gzip of JSON) wrote for {@link #everyKindOfField()}: the
   * same profile the fixture in integration-tests/src/test/resources/format1 holds.
   */
  private static final String FORMAT_1_BODY =
      "H4sIAAAAAAAA/21Sy27bMBD8FWPPlEG9Rd3cWkWLurFg17m4RiBLlMtEIgWKStsYufR7+gm95U/yJV0qThrU"
          + "vQjS7uzO7IyOUEPqEjCQHqGoKs37HtKtG7PQjWJKqev55AilMD8ghVxpo4DAnejwK8A23O/IqfvPECxEv1cS"
          + "sC9FeSOLlr9gIhY8Ya6vgbiI6JpCvt4QYhfLt5bnZSYeZ+TQNDhzj7RWc76YfX63XH065xeqt+SzPL+6zFbr"
          + "D8uLc4w/DaauReWb9fur7GL2ZpHNz2BGD9wSWokw67pGlIURSk6WHZe8QkOWuuJ68la1XcPNWMm1qobSTC4F"
          + "/4YFpLDnbynB1QGjcTKu3pGtS5LIOkkp+qz5LZcDIgM2ZXjhoDWXpbU+26xwqzC8xXxQ+V4cMDjPD8IoThj9"
          + "3xsBbWUiLHNiAgdRY8p10fQcT1EGWUYvwRQHmzkUmAVq+I5sD78ff/76MswTf47PbMwZk956xI2Y96wWXeAH"
          + "pa28/qviPQrstCi5FYbs/c2AnfXHjePa3wRv96NxdIdu9Da8Fjvpk9d+cIqE1kldVOHeqVi5d4KI1U7hRqET"
          + "0ySKYy9hIeXPQ6eAMJp2PEAq6QSeNbsWujcj7K/ZBJriVHw1+wfBj6KEAgMAAA==";

  private static Profile everyKindOfField() throws Exception {
    Profile p = new Profile("shop", "jane@example.com");
    p.traits().put("city", new TraitValue(TextNode.valueOf("Lisbon"), T));
    p.traits().put("plan", new TraitValue(null, T.plusSeconds(5)));
    p.traits().put("nickname", new TraitValue(TextNode.valueOf("jj"), T.minusSeconds(60), true));
    p.traits().put("vip", new TraitValue(null, T.minusSeconds(30), true));
    p.traits()
        .put(
            "address",
            new TraitValue(Json.mapper().readTree("{\"city\":\"Porto\",\"zip\":\"4000\"}"), T));
    p.context().put(DeviceContext.Field.PLATFORM, new TraitValue(TextNode.valueOf("ios"), T));
    p.context().put(DeviceContext.Field.APP_VERSION, new TraitValue(TextNode.valueOf("3.4.1"), T));
    p.context().put(DeviceContext.Field.PUSH_ENABLED, new TraitValue(BooleanNode.TRUE, T));
    p.history()
        .add(new StoredEvent("Application Opened", T.minusSeconds(86400 * 3), Json.object()));
    p.history()
        .add(
            new StoredEvent(
                "Order Completed",
                T.minusSeconds(86400 * 2),
                (ObjectNode)
                    Json.mapper()
                        .readTree(
                            "{\"revenue\":49.90,\"currency\":\"EUR\",\"items\":3,"
                                + "\"big\":123456789012345678901234567890,\"ratio\":1E-7,"
                                + "\"gift\":false,\"note\":null,"
                                + "\"tags\":[\"a\",1,{\"x\":\"ü€😀\"}]}")));
    p.history()
        .add(
            new StoredEvent(
                "Product Viewed",
                T.minusSeconds(3600),
                (ObjectNode)
                    Json.mapper()
                        .readTree("{\"category\":\"shoes\",\"price\":120,\"sku\":\"SKU-1\"}")));
    p.history().add(new StoredEvent("Application Opened", T, Json.object()));
    p.seenMessageIds().put("m-1", T.minusSeconds(3600));
    p.seenMessageIds().put("0f8fad5b-d9cb-469f-a165-70867728950e", T);
    p.mergedIds().add("anon-42");
    p.setFirstSeenAt(T.minusSeconds(86400 * 3));
    p.setLastEventAt(T);
    return p;
  }

  /** Every field a body holds, for comparing two profiles. */
  private static List<Object> facts(Profile p) {
    return List.of(
        p.traits(),
        p.context().asMap(),
        p.history().all(),
        p.seenMessageIds(),
        List.copyOf(p.mergedIds()),
        String.valueOf(p.mergedInto()),
        String.valueOf(p.erasedAt()),
        String.valueOf(p.firstSeenAt()),
        String.valueOf(p.lastEventAt()));
  }

  private static Profile decoded(byte[] body) {
    return ProfileCodec.decode(body, new Profile("shop", "jane@example.com"));
  }

  @Test
  void everyFieldSurvivesAWriteAndARead() throws Exception {
    Profile original = everyKindOfField();
    byte[] body = ProfileCodec.encode(original);

    assertThat(ProfileCodec.formatOf(body)).isEqualTo(ProfileCodec.FORMAT);
    assertThat(facts(decoded(body))).isEqualTo(facts(original));
    // Numbers keep their kind: a decimal stays a decimal, the big integer is not a double.
    StoredEvent order = decoded(body).history().named("Order Completed").get(0);
    assertThat(order.properties().get("revenue").isBigDecimal()).isTrue();
    assertThat(order.properties().get("revenue").decimalValue()).isEqualByComparingTo("49.9");
    assertThat(order.properties().get("big").bigIntegerValue().toString())
        .isEqualTo("123456789012345678901234567890");
    assertThat(order.properties().get("items").isInt()).isTrue();
  }

  @Test
  void aProfileReadAndWrittenUnchangedIsTheSameBytes() throws Exception {
    byte[] body = ProfileCodec.encode(everyKindOfField());
    Profile unread = decoded(body);
    Profile read = decoded(body);
    read.history().all().forEach(StoredEvent::properties);

    assertThat(ProfileCodec.encode(unread)).isEqualTo(body);
    assertThat(ProfileCodec.encode(read)).isEqualTo(body);
  }

  @Test
  void aFormat1BodyIsReadWhole() throws Exception {
    byte[] legacy = Base64.getDecoder().decode(FORMAT_1_BODY);
    assertThat(ProfileCodec.formatOf(legacy)).isEqualTo(1);

    Profile migrated = decoded(legacy);

    assertThat(facts(migrated)).isEqualTo(facts(everyKindOfField()));
    assertThat(facts(decoded(ProfileCodec.encode(migrated)))).isEqualTo(facts(migrated));
  }

  @Test
  void aPointerAndATombstoneKeepWhatTheyAre() {
    Profile pointer = new Profile("shop", "anon-1");
    pointer.setMergedInto("jane");
    Profile tombstone = new Profile("shop", "gone");
    tombstone.eraseAt(T, T.plusSeconds(86400 * 8));

    assertThat(decoded(ProfileCodec.encode(pointer)).mergedInto()).isEqualTo("jane");
    assertThat(decoded(ProfileCodec.encode(tombstone)).erasedAt()).isEqualTo(T);
  }

  @Test
  void aDamagedBodyFailsLoudlyInsteadOfLosingData() throws Exception {
    byte[] body = ProfileCodec.encode(everyKindOfField());
    byte[] truncated = Arrays.copyOf(body, body.length - 5);
    byte[] flipped = body.clone();
    flipped[body.length / 2] ^= 0x5A;
    byte[] future = body.clone();
    future[0] = 9;

    assertThatThrownBy(() -> decoded(truncated)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> decoded(flipped)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> decoded(future))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown profile format 9");
  }

  @Test
  void aBodyListsItsChunksAndWhatTheItemKeeps() throws Exception {
    Profile original = everyKindOfField();
    original
        .archive()
        .load(
            List.of(new ArchivedHistory.Chunk(-7L, T, 40), new ArchivedHistory.Chunk(99L, T, 3)),
            Map.of("Search", T.minusSeconds(60)));

    Profile read = decoded(ProfileCodec.encode(original));

    assertThat(read.archive().chunks()).isEqualTo(original.archive().chunks());
    assertThat(read.archive().keptSince()).isEqualTo(Map.of("Search", T.minusSeconds(60)));
    assertThat(facts(read)).isEqualTo(facts(original));
  }

  @Test
  void aFormat2BodyIsReadAsAProfileWithNoChunks() throws Exception {
    // Format 2 is format 3 without the closing chunk list (two zero counts).
    byte[] record = ProfileCodec.record(ProfileCodec.encode(everyKindOfField()));
    assertThat(record[record.length - 1]).isZero();
    assertThat(record[record.length - 2]).isZero();
    byte[] format2 = zlibBody(2, Arrays.copyOf(record, record.length - 2));

    Profile read = decoded(format2);

    assertThat(facts(read)).isEqualTo(facts(everyKindOfField()));
    assertThat(read.archive().chunks()).isEmpty();
    assertThat(ProfileCodec.formatOf(ProfileCodec.encode(read))).isEqualTo(ProfileCodec.FORMAT);
  }

  @Test
  void aFormat3BodyIsReadWholeAndRewrittenInTheCurrentFormat() throws Exception {
    // Format 3 holds the same record as format 4, in a zlib stream: as today's items hold it.
    Profile original = everyKindOfField();
    original
        .archive()
        .load(
            List.of(new ArchivedHistory.Chunk(42L, T.minusSeconds(60), 3)),
            Map.of("Search", T.minusSeconds(60)));
    byte[] format3 = zlibBody(3, ProfileCodec.record(ProfileCodec.encode(original)));
    assertThat(ProfileCodec.formatOf(format3)).isEqualTo(3);

    Profile read = decoded(format3);
    byte[] rewritten = ProfileCodec.encode(read);

    assertThat(facts(read)).isEqualTo(facts(original));
    assertThat(read.archive().chunks()).isEqualTo(original.archive().chunks());
    assertThat(ProfileCodec.formatOf(rewritten)).isEqualTo(4);
    assertThat(facts(decoded(rewritten))).isEqualTo(facts(original));
  }

  @Test
  void zlibIsWrittenOnlyWhereItSavesTheItemAWriteUnit() throws Exception {
    // A month of daily sessions: a record that compresses, as real histories do.
    Profile profile = everyKindOfField();
    for (int day = 1; day <= 30; day++) {
      profile
          .history()
          .add(
              new StoredEvent(
                  "Product Viewed",
                  T.minusSeconds(86_400L * day + day),
                  (ObjectNode)
                      Json.mapper()
                          .readTree(
                              "{\"category\":\"shoes\",\"price\":" + day + ",\"sku\":\"SKU-1\"}")));
    }
    byte[] lz4 = ProfileCodec.encode(profile, 0);
    assertThat(ProfileCodec.formatOf(lz4)).isEqualTo(ProfileCodec.FORMAT);
    // LZ4's body would end the item 10 bytes into its next KB: zlib's keeps it in one less.
    int justPast = 1024 + 10 - lz4.length;
    // Well inside a KB: nothing to save, LZ4 stays.
    int inside = 2048 - 200 - lz4.length;

    byte[] saving = ProfileCodec.encode(profile, justPast);
    byte[] notSaving = ProfileCodec.encode(profile, inside);

    assertThat(ProfileCodec.formatOf(saving)).isEqualTo(ProfileCodec.ZLIB_FORMAT);
    assertThat(saving.length + justPast).isLessThanOrEqualTo(1024);
    assertThat(facts(decoded(saving))).isEqualTo(facts(profile));
    assertThat(notSaving).isEqualTo(lz4);
  }

  @Test
  void aFormat4BodyThatLiesAboutItsRecordFailsLoudly() throws Exception {
    byte[] body = ProfileCodec.encode(everyKindOfField());
    // The declared length, far past anything a body holds, must not be allocated.
    byte[] huge = new byte[body.length + 8];
    BinaryOut header = new BinaryOut(16);
    header.writeByte(ProfileCodec.FORMAT);
    header.writeVarLong(Long.MAX_VALUE / 2);
    System.arraycopy(header.buffer(), 0, huge, 0, header.size());
    byte[] shorter = body.clone();
    shorter[1] = (byte) (shorter[1] - 1); // one byte less than the block unpacks to
    byte[] garbage = body.clone();
    Arrays.fill(garbage, 7, garbage.length, (byte) 0x7F);

    assertThatThrownBy(() -> decoded(huge))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt profile body");
    assertThatThrownBy(() -> decoded(shorter)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> decoded(garbage)).isInstanceOf(IllegalStateException.class);
  }

  private static byte[] zlibBody(int format, byte[] record) {
    Deflater deflater = new Deflater();
    deflater.setInput(record);
    deflater.finish();
    byte[] compressed = new byte[64 * 1024];
    int size = deflater.deflate(compressed);
    byte[] body = new byte[size + 1];
    body[0] = (byte) format;
    System.arraycopy(compressed, 0, body, 1, size);
    return body;
  }

  @Test
  void aChunkHoldsItsEventsAndIsNamedByThem() throws Exception {
    List<StoredEvent> events = everyKindOfField().history().all();
    byte[] chunk = ProfileCodec.encodeChunk(events);
    byte[] other = ProfileCodec.encodeChunk(events.subList(0, 1));

    assertThat(ProfileCodec.decodeChunk(chunk)).isEqualTo(events);
    assertThat(ProfileCodec.contentId(ProfileCodec.encodeChunk(events)))
        .isEqualTo(ProfileCodec.contentId(chunk));
    assertThat(ProfileCodec.contentId(other)).isNotEqualTo(ProfileCodec.contentId(chunk));
    byte[] truncated = Arrays.copyOf(chunk, chunk.length - 3);
    assertThatThrownBy(() -> ProfileCodec.decodeChunk(truncated))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ProfileCodec.decodeChunk(ProfileCodec.encode(everyKindOfField())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a history chunk");
  }
}
