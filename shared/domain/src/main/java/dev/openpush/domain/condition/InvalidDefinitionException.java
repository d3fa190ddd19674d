package dev.openpush.domain.condition;

/** A definition the product refuses; the message starts with the JSON path of the bad part. */
public final class InvalidDefinitionException extends RuntimeException {
  private final String path;

  public InvalidDefinitionException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
