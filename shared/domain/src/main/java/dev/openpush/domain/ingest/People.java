package dev.openpush.domain.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a batch's events by person: events whose ids are linked (an event carrying both a user id
 * and an anonymous id, or an alias) belong to one group, kept in arrival order.
 */
final class People {
  private People() {}

  static List<List<IngestService.Located>> group(List<IngestService.Located> events) {
    Map<String, String> parent = new HashMap<>();
    for (IngestService.Located located : events) {
      String primary = located.event().primaryId();
      find(parent, primary);
      located.event().linkedId().ifPresent(linked -> union(parent, primary, linked));
    }
    Map<String, List<IngestService.Located>> groups = new LinkedHashMap<>();
    for (IngestService.Located located : events) {
      groups
          .computeIfAbsent(find(parent, located.event().primaryId()), k -> new ArrayList<>())
          .add(located);
    }
    return new ArrayList<>(groups.values());
  }

  /** Every id the events name, for loading in one go. */
  static java.util.Set<String> ids(List<IngestService.Located> events) {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    for (IngestService.Located located : events) {
      ids.add(located.event().primaryId());
      located.event().linkedId().ifPresent(ids::add);
    }
    return ids;
  }

  private static String find(Map<String, String> parent, String id) {
    String root = parent.computeIfAbsent(id, k -> k);
    while (!root.equals(parent.get(root))) {
      root = parent.get(root);
    }
    parent.put(id, root);
    return root;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(rb, ra);
    }
  }
}
