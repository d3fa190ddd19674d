package dev.openpush.domain.campaign;

/** A campaign definition the contract refuses, with the JSON path of the field at fault. */
public final class InvalidCampaignException extends RuntimeException {
  public InvalidCampaignException(String path, String message) {
    super(path + ": " + message);
  }
}
