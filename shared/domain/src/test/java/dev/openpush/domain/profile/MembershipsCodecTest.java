package dev.openpush.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipsCodecTest {
  private static final Instant T = Instant.parse("2026-11-20T09:30:00.123Z");

  private static Memberships of(Map<String, Instant> entries) {
    Memberships memberships = new Memberships();
    entries.forEach(memberships::enter);
    return memberships;
  }

  @Test
  void everyMembershipComesBackWithItsEntryTimeToTheMillisecond() {
    Map<String, Instant> entries = new LinkedHashMap<>();
    entries.put("vip-buyers", T.minusSeconds(86_400 * 300));
    entries.put("seg-abc123def456", T);
    entries.put("seg-zzz", T);
    entries.put("ünïcode-😀", T.plusMillis(1));
    // Entered later than the rest but earlier in time: the delta is negative.
    entries.put("before-1970", Instant.parse("1969-12-31T23:59:59.999Z"));

    Memberships decoded = MembershipsCodec.decode(MembershipsCodec.encode(of(entries)));

    assertThat(decoded.asMap()).containsExactlyEntriesOf(entries);
    assertThat(MembershipsCodec.decode(MembershipsCodec.encode(new Memberships())).isEmpty())
        .isTrue();
  }

  @Test
  void segmentsEnteredTogetherCostTheirIdAndAByteOrTwo() {
    Memberships memberships = new Memberships();
    for (int i = 0; i < 56; i++) {
      memberships.enter("seg-" + i, T.plusSeconds(i / 14 * 86_400));
    }

    // Ids of 5-6 characters, four distinct entry times: under 10 bytes a membership.
    assertThat(MembershipsCodec.encode(memberships).length).isLessThan(56 * 10);
  }

  @Test
  void exitsAndEntriesAfterDecodingAreWhatTheNextEncodeStores() {
    Memberships memberships = new Memberships();
    for (int i = 0; i < 400; i++) {
      memberships.enter("seg-" + i, T);
    }
    Memberships read = MembershipsCodec.decode(MembershipsCodec.encode(memberships));
    for (int i = 0; i < 400; i += 3) {
      read.exit("seg-" + i);
    }
    for (int i = 400; i < 460; i++) {
      read.enter("seg-" + i, T.plusSeconds(60));
    }

    Memberships again = MembershipsCodec.decode(MembershipsCodec.encode(read));

    assertThat(again.asMap()).containsExactlyEntriesOf(read.asMap());
    assertThat(again.size()).isEqualTo(400 - 134 + 60);
    assertThat(again.isMember("seg-3")).isFalse();
    assertThat(again.enteredAt("seg-459")).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void profilesShareSegmentIdsReadBeforeAndNoneAreMixedUp() {
    // Many ids, some of them colliding in the id cache, one not ASCII, two differing in a byte.
    Map<String, Instant> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      entries.put("seg-" + i, T.minusSeconds(i % 7 * 3_600));
    }
    entries.put("ünïcode", T);
    entries.put("seg-1x", T);
    entries.put("seg-1y", T);
    byte[] stored = MembershipsCodec.encode(of(entries));

    Memberships first = MembershipsCodec.decode(stored);
    Memberships second = MembershipsCodec.decode(stored);

    assertThat(first.asMap()).containsExactlyEntriesOf(entries);
    assertThat(second.asMap()).containsExactlyEntriesOf(entries);
    assertThat(MembershipsCodec.encode(second)).isEqualTo(stored);
    var a = first.segmentIds().iterator();
    var b = second.segmentIds().iterator();
    int shared = 0;
    while (a.hasNext()) {
      shared += a.next() == b.next() ? 1 : 0;
    }
    assertThat(shared).as("ids read again come from the cache").isGreaterThan(1_000);
  }

  @Test
  void aDamagedFormFailsLoudly() {
    byte[] stored = MembershipsCodec.encode(of(Map.of("seg-1", T, "seg-2", T)));
    byte[] truncated = Arrays.copyOf(stored, stored.length - 2);
    byte[] unknown = stored.clone();
    unknown[0] = 9;

    assertThatThrownBy(() -> MembershipsCodec.decode(truncated))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> MembershipsCodec.decode(unknown))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown memberships format");
    assertThatThrownBy(() -> MembershipsCodec.decode(new byte[0]))
        .isInstanceOf(IllegalStateException.class);
  }
}
