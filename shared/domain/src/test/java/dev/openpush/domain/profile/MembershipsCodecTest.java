package dev.openpush.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipsCodecTest {
  private static final Instant T = Instant.parse("2026-11-20T09:30:00.123Z");

  private static Map<String, Instant> decoded(byte[] stored) {
    Map<String, Instant> read = new HashMap<>();
    MembershipsCodec.decode(stored, read);
    return read;
  }

  @Test
  void everyMembershipComesBackWithItsEntryTimeToTheMillisecond() {
    Map<String, Instant> memberships =
        Map.of(
            "seg-abc123def456", T,
            "seg-zzz", T,
            "vip-buyers", T.minusSeconds(86_400 * 300),
            "ünïcode-😀", T.plusMillis(1),
            "before-1970", Instant.parse("1969-12-31T23:59:59.999Z"));

    assertThat(decoded(MembershipsCodec.encode(memberships))).isEqualTo(memberships);
    assertThat(decoded(MembershipsCodec.encode(Map.of()))).isEmpty();
  }

  @Test
  void segmentsEnteredTogetherCostTheirIdAndAByteOrTwo() {
    Map<String, Instant> memberships = new HashMap<>();
    for (int i = 0; i < 56; i++) {
      memberships.put("seg-" + i, T.minusSeconds(i % 4 * 86_400));
    }

    // Ids of 5-6 characters, four distinct entry times: under 10 bytes a membership.
    assertThat(MembershipsCodec.encode(memberships).length).isLessThan(56 * 10);
    assertThat(MembershipsCodec.encode(memberships))
        .isEqualTo(MembershipsCodec.encode(new java.util.TreeMap<>(memberships)));
  }

  @Test
  void aProfileGetsItsMembershipsInStoredOrderWithIdsSharedAcrossProfilesAndNoneMixedUp() {
    // Many ids, some of them colliding in the id cache, one not ASCII, two differing in a byte.
    Map<String, Instant> memberships = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      memberships.put("seg-" + i, T.minusSeconds(i % 7 * 3_600));
    }
    memberships.put("ünïcode", T);
    memberships.put("seg-1x", T);
    memberships.put("seg-1y", T);
    byte[] stored = MembershipsCodec.encode(memberships);

    Profile first = new Profile("shop", "lea");
    Profile second = new Profile("shop", "max");
    MembershipsCodec.decode(stored, first);
    MembershipsCodec.decode(stored, second);

    assertThat(first.memberships()).isEqualTo(memberships);
    assertThat(second.memberships()).isEqualTo(memberships);
    // Stored order (entry time, then id) is kept, so the next encode is the same bytes.
    assertThat(MembershipsCodec.encode(second.memberships())).isEqualTo(stored);
    var a = first.memberships().keySet().iterator();
    var b = second.memberships().keySet().iterator();
    int shared = 0;
    while (a.hasNext()) {
      shared += a.next() == b.next() ? 1 : 0;
    }
    assertThat(shared).as("ids read again come from the cache").isGreaterThan(1_000);
  }

  @Test
  void aDamagedFormFailsLoudly() {
    byte[] stored = MembershipsCodec.encode(Map.of("seg-1", T, "seg-2", T));
    byte[] truncated = Arrays.copyOf(stored, stored.length - 2);
    byte[] unknown = stored.clone();
    unknown[0] = 9;

    assertThatThrownBy(() -> decoded(truncated)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> decoded(unknown))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown memberships format");
    assertThatThrownBy(() -> decoded(new byte[0])).isInstanceOf(IllegalStateException.class);
  }
}
