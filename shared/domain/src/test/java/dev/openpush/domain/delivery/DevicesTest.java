package dev.openpush.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.ports.PushGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevicesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

  /** The push service as a list of calls and a map of live endpoints. */
  static final class FakeGateway implements PushGateway {
    final List<String> calls = new ArrayList<>();
    final Map<String, String> tokens = new HashMap<>();
    private int next;

    @Override
    public boolean supports(String appId, Platform platform) {
      return appId.equals("shop");
    }

    @Override
    public String createEndpoint(String appId, Platform platform, String token) {
      String arn = "arn:endpoint/" + platform + "/" + ++next;
      calls.add("create " + token);
      tokens.put(arn, token);
      return arn;
    }

    @Override
    public void updateEndpoint(String endpointArn, String token) {
      calls.add("update " + token);
      tokens.put(endpointArn, token);
    }

    @Override
    public void deleteEndpoint(String endpointArn) {
      calls.add("delete " + endpointArn);
      tokens.remove(endpointArn);
    }
  }

  static final class MapStates implements DeliveryStates {
    final Map<String, DeliveryState> states = new HashMap<>();
    int conflictsToInject;

    @Override
    public Optional<DeliveryState> find(String appId, String userId) {
      return Optional.ofNullable(states.get(appId + "#" + userId));
    }

    @Override
    public void save(DeliveryState state) {
      if (conflictsToInject > 0) {
        conflictsToInject--;
        throw new ConcurrentUpdateException("injected");
      }
      DeliveryState stored = states.get(state.appId() + "#" + state.userId());
      if ((stored == null ? 0 : stored.version()) != state.version()) {
        throw new ConcurrentUpdateException("version moved");
      }
      states.put(
          state.appId() + "#" + state.userId(),
          new DeliveryState(
              state.appId(),
              state.userId(),
              state.consent(),
              state.devices(),
              state.recentSends(),
              state.version() + 1));
    }

    @Override
    public void delete(String appId, String userId) {
      states.remove(appId + "#" + userId);
    }
  }

  private final FakeGateway gateway = new FakeGateway();
  private final MapStates states = new MapStates();
  private final Devices devices = new Devices(states, gateway, CLOCK);

  @Test
  void aTokenRegisteredAgainAsItIsChangesNothing() {
    Devices.Registration first = devices.register("shop", "lea", "phone", Platform.APNS, "tok-1");
    Devices.Registration again = devices.register("shop", "lea", "phone", Platform.APNS, "tok-1");

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.device()).isEqualTo(first.device());
    assertThat(gateway.calls).containsExactly("create tok-1");
  }

  @Test
  void aNewTokenRepointsTheDevicesEndpointAndANewPlatformReplacesIt() {
    String arn =
        devices.register("shop", "lea", "phone", Platform.APNS, "tok-1").device().endpointArn();

    Device updated = devices.register("shop", "lea", "phone", Platform.APNS, "tok-2").device();
    Device moved = devices.register("shop", "lea", "phone", Platform.GCM, "fcm-1").device();

    assertThat(updated.endpointArn()).isEqualTo(arn);
    assertThat(gateway.calls)
        .containsExactly("create tok-1", "update tok-2", "delete " + arn, "create fcm-1");
    assertThat(devices.of("shop", "lea").devices()).containsExactly(moved);
    assertThat(gateway.tokens).containsOnlyKeys(moved.endpointArn());
  }

  @Test
  void anInvalidDeviceRegisteredAgainIsValidAgain() {
    Device phone = devices.register("shop", "lea", "phone", Platform.APNS, "tok-1").device();
    devices.invalidate("shop", "lea", phone.endpointArn());
    assertThat(devices.of("shop", "lea").devices().getFirst().valid()).isFalse();

    devices.register("shop", "lea", "phone", Platform.APNS, "tok-1");

    assertThat(devices.of("shop", "lea").devices().getFirst().valid()).isTrue();
    assertThat(gateway.calls).containsExactly("create tok-1", "update tok-1");
  }

  @Test
  void removingADeviceDeletesItsEndpointAndForgettingAUserDeletesEverything() {
    Device phone = devices.register("shop", "lea", "phone", Platform.APNS, "tok-1").device();
    Device tablet = devices.register("shop", "lea", "tablet", Platform.GCM, "fcm-1").device();
    devices.setConsent("shop", "lea", false, Map.of());

    assertThat(devices.remove("shop", "lea", "phone")).isTrue();
    assertThat(devices.remove("shop", "lea", "phone")).isFalse();
    assertThat(gateway.tokens).containsOnlyKeys(tablet.endpointArn());
    devices.forget("shop", "lea");

    assertThat(gateway.tokens).isEmpty();
    assertThat(gateway.calls)
        .contains("delete " + phone.endpointArn(), "delete " + tablet.endpointArn());
    assertThat(states.find("shop", "lea")).isEmpty();
  }

  @Test
  void consentIsKeptBesideTheDevicesAndAConcurrentWriteIsRedone() {
    devices.register("shop", "lea", "phone", Platform.APNS, "tok-1");
    states.conflictsToInject = 2;

    Consent consent = devices.setConsent("shop", "lea", true, Map.of("news", false));

    DeliveryState state = devices.of("shop", "lea");
    assertThat(state.consent()).isEqualTo(consent);
    assertThat(state.consent().allowsTopic("news")).isFalse();
    assertThat(state.devices()).hasSize(1);
  }

  @Test
  void aPlatformWithoutAPlatformApplicationIsRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(() -> devices.register("news", "lea", "phone", Platform.GCM, "fcm-1"))
        .isInstanceOf(Devices.PlatformNotConfiguredException.class);
    assertThat(gateway.calls).isEmpty();
    assertThat(states.states).isEmpty();
  }
}
