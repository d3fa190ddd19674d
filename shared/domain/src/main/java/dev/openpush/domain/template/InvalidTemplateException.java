package dev.openpush.domain.template;

/** A template whose text does not parse, with where: the field, then line and column in it. */
public final class InvalidTemplateException extends Exception {
  private final String field;
  private final int line;
  private final int column;

  public InvalidTemplateException(String field, int line, int column, String reason) {
    super("%s: line %d, column %d: %s".formatted(field, line, column, reason));
    this.field = field;
    this.line = line;
    this.column = column;
  }

  public String field() {
    return field;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
