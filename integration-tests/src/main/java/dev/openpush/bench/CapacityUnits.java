package dev.openpush.bench;

import dev.openpush.aws.dynamodb.ItemSize;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts DynamoDB capacity units as AWS bills them on demand, from the items the requests carry and
 * return (DynamoDB Local's own ConsumedCapacity does not bill transactions item by item):
 *
 * <ul>
 *   <li>a write is one unit per started KB of the item, the larger of the item before and after
 *       (the size before is the size this counter last saw written under that key), doubled inside
 *       a transaction; an update or delete of a small item is one unit;
 *   <li>a read is one unit per started 4 KB (a query: of all items it returns), half for an
 *       eventually consistent read, at least one (half) per request.
 * </ul>
 *
 * Item sizes follow AWS's rules: attribute names and values in UTF-8, numbers about one byte per
 * two digits plus one, maps and lists three bytes plus one per element.
 *
 * <p>Global secondary indexes bill their own writes: a profile whose wake-up moves costs the {@code
 * byWake} index a delete and a put (its key changes), one that gains or loses a wake-up one write,
 * and a new profile one write to {@code byApp}. Their items are small (under 1 KB).
 */
final class CapacityUnits implements ExecutionInterceptor {
  private final DoubleAdder writeUnits = new DoubleAdder();
  private final DoubleAdder readUnits = new DoubleAdder();
  private final Map<String, Integer> lastSize = new ConcurrentHashMap<>();
  private final Map<String, String> lastWake = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> writesByTarget = new ConcurrentHashMap<>();

  /** Write units by what they were spent on: table, index, counter, since the last reset. */
  Map<String, Double> writeUnitsByTarget() {
    Map<String, Double> out = new java.util.TreeMap<>();
    writesByTarget.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void spend(String target, double units) {
    writeUnits.add(units);
    writesByTarget.computeIfAbsent(target, k -> new DoubleAdder()).add(units);
  }

  double writeUnits() {
    return writeUnits.sum();
  }

  double readUnits() {
    return readUnits.sum();
  }

  void reset() {
    writeUnits.reset();
    readUnits.reset();
    writesByTarget.clear();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Object request = context.request();
    Object response = context.response();
    switch (request) {
      case PutItemRequest put ->
          spend(target(put.tableName(), put.item()), put(put.tableName(), put.item()));
      case UpdateItemRequest update ->
          spend(target(update.tableName(), update.key()), touch(update.tableName(), update.key()));
      case DeleteItemRequest delete ->
          spend(target(delete.tableName(), delete.key()), touch(delete.tableName(), delete.key()));
      case TransactWriteItemsRequest transaction -> {
        for (TransactWriteItem action : transaction.transactItems()) {
          spend("tx:" + target(action), 2 * transactional(action));
        }
      }
      case BatchWriteItemRequest batch ->
          batch
              .requestItems()
              .forEach(
                  (table, writes) ->
                      writes.forEach(
                          w ->
                              spend(
                                  target(
                                      table,
                                      w.putRequest() != null
                                          ? w.putRequest().item()
                                          : w.deleteRequest().key()),
                                  w.putRequest() != null
                                      ? put(table, w.putRequest().item())
                                      : touch(table, w.deleteRequest().key()))));
      case GetItemRequest get ->
          readUnits.add(
              reads(
                  List.of(((GetItemResponse) response).item()),
                  Boolean.TRUE.equals(get.consistentRead()),
                  false));
      case BatchGetItemRequest get -> {
        BatchGetItemResponse got = (BatchGetItemResponse) response;
        got.responses()
            .forEach(
                (table, items) -> {
                  boolean consistent =
                      Boolean.TRUE.equals(get.requestItems().get(table).consistentRead());
                  for (Map<String, AttributeValue> item : items) {
                    readUnits.add(reads(List.of(item), consistent, false));
                  }
                });
      }
      case QueryRequest query ->
          readUnits.add(
              reads(
                  ((QueryResponse) response).items(),
                  Boolean.TRUE.equals(query.consistentRead()),
                  true));
      default -> {}
    }
  }

  private static String target(TransactWriteItem action) {
    if (action.put() != null) {
      return target(action.put().tableName(), action.put().item());
    }
    if (action.update() != null) {
      return target(action.update().tableName(), action.update().key());
    }
    if (action.delete() != null) {
      return target(action.delete().tableName(), action.delete().key());
    }
    return "condition";
  }

  /** A short name for what an item is: its table, and for memberships, member or counter. */
  private static String target(String table, Map<String, AttributeValue> key) {
    String name = table.substring(table.indexOf('-') + 1).replace("Table", "").toLowerCase();
    AttributeValue sk = key.get("sk");
    if (sk != null && sk.s() != null && sk.s().startsWith("#count")) {
      return name + ".counters";
    }
    return name;
  }

  private double transactional(TransactWriteItem action) {
    if (action.put() != null) {
      return put(action.put().tableName(), action.put().item());
    }
    if (action.update() != null) {
      return touch(action.update().tableName(), action.update().key());
    }
    if (action.delete() != null) {
      return touch(action.delete().tableName(), action.delete().key());
    }
    return 1;
  }

  /**
   * A put: the larger of the item it replaces and the item written, per started KB (the caller
   * doubles it in a transaction); the index writes it causes are added here, never doubled.
   */
  private double put(String table, Map<String, AttributeValue> item) {
    int size = ItemSize.of(item);
    String key = key(table, item);
    Integer before = lastSize.put(key, size);
    spend("indexes", indexWrites(key, item, before == null));
    return kilobytes(Math.max(size, before == null ? 0 : before));
  }

  /** Writes to the profiles table's indexes: byApp for a new item, byWake when the wake moves. */
  private double indexWrites(String key, Map<String, AttributeValue> item, boolean created) {
    if (!item.containsKey("app") || !item.containsKey("uid")) {
      return 0;
    }
    double writes = created ? 1 : 0;
    AttributeValue wakeAt = item.get("wakeAt");
    String wake = wakeAt == null ? "" : item.get("wakeHour").s() + "|" + wakeAt.n();
    String previous = lastWake.put(key, wake);
    if (previous == null) {
      previous = "";
    }
    if (!wake.equals(previous)) {
      writes += wake.isEmpty() || previous.isEmpty() ? 1 : 2;
    }
    return writes;
  }

  /** An update or delete of an item this run wrote (a counter, a member): its size, at least 1. */
  private double touch(String table, Map<String, AttributeValue> key) {
    Integer before = lastSize.get(key(table, key));
    return kilobytes(before == null ? 1 : before);
  }

  private static double reads(
      List<Map<String, AttributeValue>> items, boolean consistent, boolean oneRequest) {
    int bytes = 0;
    for (Map<String, AttributeValue> item : items) {
      if (item != null && !item.isEmpty()) {
        bytes += ItemSize.of(item);
      }
    }
    double units = Math.max(1, Math.ceil(bytes / 4096.0));
    if (!oneRequest && bytes == 0) {
      units = 1;
    }
    return consistent ? units : units / 2;
  }

  private static double kilobytes(int bytes) {
    return Math.max(1, Math.ceil(bytes / 1024.0));
  }

  private static String key(String table, Map<String, AttributeValue> item) {
    AttributeValue pk = item.get("pk");
    AttributeValue sk = item.get("sk");
    return table + "|" + (pk == null ? "" : pk.s()) + "|" + (sk == null ? "" : sk.s());
  }
}
