package dev.openpush.domain.condition;

import java.util.Optional;

/** Comparison operators shared by traits, properties, aggregates, computed and context leaves. */
public enum Operator {
  EQ("eq"),
  NEQ("neq"),
  GT("gt"),
  GTE("gte"),
  LT("lt"),
  LTE("lte"),
  IN("in"),
  CONTAINS("contains"),
  STARTS_WITH("startsWith"),
  EXISTS("exists"),
  NOT_EXISTS("notExists"),
  BETWEEN("between");

  private final String wireName;

  Operator(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean takesValue() {
    return this != EXISTS && this != NOT_EXISTS;
  }

  public static Optional<Operator> fromWire(String name) {
    for (Operator op : values()) {
      if (op.wireName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
