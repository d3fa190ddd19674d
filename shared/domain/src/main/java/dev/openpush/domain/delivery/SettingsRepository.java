package dev.openpush.domain.delivery;

/** Each app's delivery settings. */
public interface SettingsRepository {
  /** The app's settings, {@link DeliverySettings#NONE} if it set none. */
  DeliverySettings of(String appId);

  void save(String appId, DeliverySettings settings);
}
