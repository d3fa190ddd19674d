package dev.openpush.domain.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.openpush.domain.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON values in a compact binary form, read back as the same node types the product's JSON reader
 * produces (ints, longs, big decimals), so a value survives storage unchanged.
 */
final class JsonBinary {
  private static final int NULL = 0;
  private static final int TRUE = 1;
  private static final int FALSE = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int DECIMAL = 5;
  private static final int TEXT = 6;
  private static final int ARRAY = 7;
  private static final int OBJECT = 8;
  private static final int BIG_INTEGER = 9;
  private static final int DOUBLE = 10;
  private static final int JSON_TEXT = 11;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonBinary() {}

  static void write(BinaryOut out, JsonNode node) {
    switch (node) {
      case NullNode n -> out.writeByte(NULL);
      case BooleanNode b -> out.writeByte(b.booleanValue() ? TRUE : FALSE);
      case IntNode i -> {
        out.writeByte(INT);
        out.writeSignedVarLong(i.intValue());
      }
      case LongNode l -> {
        out.writeByte(LONG);
        out.writeSignedVarLong(l.longValue());
      }
      case DecimalNode d -> {
        out.writeByte(DECIMAL);
        BigDecimal value = d.decimalValue();
        out.writeSignedVarLong(value.scale());
        writeBigInteger(out, value.unscaledValue());
      }
      case BigIntegerNode b -> {
        out.writeByte(BIG_INTEGER);
        writeBigInteger(out, b.bigIntegerValue());
      }
      case DoubleNode d -> {
        out.writeByte(DOUBLE);
        out.writeVarLong(Double.doubleToRawLongBits(d.doubleValue()));
      }
      case TextNode t -> {
        out.writeByte(TEXT);
        out.writeString(t.textValue());
      }
      case ArrayNode a -> {
        out.writeByte(ARRAY);
        out.writeVarLong(a.size());
        for (JsonNode element : a) {
          write(out, element);
        }
      }
      case ObjectNode o -> {
        out.writeByte(OBJECT);
        writeFields(out, o);
      }
      default -> {
        // Node kinds the product's reader never makes (floats, shorts, binary): kept as JSON text.
        out.writeByte(JSON_TEXT);
        out.writeString(node.toString());
      }
    }
  }

  /** An object's fields without the leading tag: how event properties are stored. */
  static void writeFields(BinaryOut out, ObjectNode object) {
    out.writeVarLong(object.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      out.writeString(field.getKey());
      write(out, field.getValue());
    }
  }

  private static void writeBigInteger(BinaryOut out, BigInteger value) {
    if (value.bitLength() < 64) {
      out.writeByte(0);
      out.writeSignedVarLong(value.longValue());
    } else {
      byte[] twosComplement = value.toByteArray();
      out.writeByte(1);
      out.writeVarLong(twosComplement.length);
      out.write(twosComplement, 0, twosComplement.length);
    }
  }

  static JsonNode read(BinaryIn in) {
    int tag = in.readByte();
    return switch (tag) {
      case NULL -> NullNode.getInstance();
      case TRUE -> BooleanNode.TRUE;
      case FALSE -> BooleanNode.FALSE;
      case INT -> IntNode.valueOf((int) in.readSignedVarLong());
      case LONG -> LongNode.valueOf(in.readSignedVarLong());
      case DECIMAL -> {
        int scale = (int) in.readSignedVarLong();
        yield DecimalNode.valueOf(new BigDecimal(readBigInteger(in), scale));
      }
      case BIG_INTEGER -> BigIntegerNode.valueOf(readBigInteger(in));
      case DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(in.readVarLong()));
      case TEXT -> TextNode.valueOf(in.readString());
      case ARRAY -> {
        int size = in.readCount();
        ArrayNode array = NODES.arrayNode(size);
        for (int i = 0; i < size; i++) {
          array.add(read(in));
        }
        yield array;
      }
      case OBJECT -> readFields(in);
      case JSON_TEXT -> {
        try {
          yield Json.mapper().readTree(in.readString());
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("unreadable JSON value in profile body", e);
        }
      }
      default -> throw new IllegalStateException("unknown value tag " + tag + " in profile body");
    };
  }

  static ObjectNode readFields(BinaryIn in) {
    int size = in.readCount();
    ObjectNode object = NODES.objectNode();
    for (int i = 0; i < size; i++) {
      String key = in.readString();
      object.set(key, read(in));
    }
    return object;
  }

  private static BigInteger readBigInteger(BinaryIn in) {
    if (in.readByte() == 0) {
      return BigInteger.valueOf(in.readSignedVarLong());
    }
    int length = in.readCount();
    byte[] twosComplement = new byte[length];
    for (int i = 0; i < length; i++) {
      twosComplement[i] = (byte) in.readByte();
    }
    return new BigInteger(twosComplement);
  }

  /** Moves past an object's fields without building them: lazily read properties. */
  static void skipFields(BinaryIn in) {
    int size = in.readCount();
    for (int i = 0; i < size; i++) {
      in.skipString();
      skip(in);
    }
  }

  private static void skip(BinaryIn in) {
    int tag = in.readByte();
    switch (tag) {
      case NULL, TRUE, FALSE -> {}
      case INT, LONG -> in.readVarLong();
      case DOUBLE -> in.readVarLong();
      case DECIMAL -> {
        in.readVarLong();
        skipBigInteger(in);
      }
      case BIG_INTEGER -> skipBigInteger(in);
      case TEXT, JSON_TEXT -> in.skipString();
      case ARRAY -> {
        int size = in.readCount();
        for (int i = 0; i < size; i++) {
          skip(in);
        }
      }
      case OBJECT -> skipFields(in);
      default -> throw new IllegalStateException("unknown value tag " + tag + " in profile body");
    }
  }

  private static void skipBigInteger(BinaryIn in) {
    if (in.readByte() == 0) {
      in.readVarLong();
    } else {
      int length = in.readCount();
      for (int i = 0; i < length; i++) {
        in.readByte();
      }
    }
  }
}
