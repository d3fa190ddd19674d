package dev.openpush.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * What a function's init-phase priming may leave in the tables: nothing. Every item of the stack's
 * tables that names the app and user priming reads ({@code __priming__}) in any string attribute.
 */
public final class PrimingChecks {
  private static final String PRIMING = "__priming__";

  private PrimingChecks() {}

  /** A function's priming event, from its class path ({@code priming/<name>}). */
  public static String event(String name) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream("priming/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no priming event " + name + " on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What priming left in the tables of the Quarkus test's stack ({@link QuarkusEmulatorResource}).
   */
  public static List<Map<String, AttributeValue>> leftBehind() {
    return itemsNamingThePrimingApp(QuarkusEmulatorResource.clients, QuarkusEmulatorResource.names);
  }

  public static List<Map<String, AttributeValue>> itemsNamingThePrimingApp(
      LocalClients clients, Map<String, String> physicalByLogical) {
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    for (Map.Entry<String, String> resource : physicalByLogical.entrySet()) {
      if (!resource.getKey().endsWith("Table")) {
        continue;
      }
      try {
        clients
            .dynamo()
            .scanPaginator(b -> b.tableName(resource.getValue()))
            .items()
            .forEach(
                item -> {
                  if (item.values().stream()
                      .anyMatch(v -> v.s() != null && v.s().contains(PRIMING))) {
                    found.add(item);
                  }
                });
      } catch (ResourceNotFoundException e) {
        // a table this stack does not have
      }
    }
    return found;
  }
}
