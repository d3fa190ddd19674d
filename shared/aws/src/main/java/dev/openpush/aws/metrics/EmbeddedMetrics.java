package dev.openpush.aws.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.aws.Settings;
import dev.openpush.domain.ingest.BatchOutcome;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.sweep.SweepService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics in CloudWatch Embedded Metric Format: one JSON line on stdout per invocation, which
 * Lambda ships to CloudWatch Logs and CloudWatch turns into metrics, with no API call.
 */
public final class EmbeddedMetrics {
  private static final String NAMESPACE = setting("POWERTOOLS_METRICS_NAMESPACE", "OpenPush");

  /** The function's service name (the template sets it), the metrics' one dimension. */
  private static final String SERVICE = setting("POWERTOOLS_SERVICE_NAME", null);

  /** Powertools' switch: the local stack turns metrics off so that its console stays readable. */
  private static final boolean DISABLED =
      Boolean.parseBoolean(setting("POWERTOOLS_METRICS_DISABLED", "false"));

  private EmbeddedMetrics() {}

  public static void ingest(BatchOutcome outcome) {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("EventsApplied", outcome.applied());
    values.put("DuplicateEvents", outcome.duplicates());
    values.put("DeadLettered", outcome.deadLettered());
    values.put("FailedRecords", outcome.failedIds().size());
    values.put("ProfileCommits", outcome.profileCommits());
    values.put("ErasedEvents", outcome.erasedEvents());
    values.put("HistoryPrunedForSize", outcome.prunedForSize());
    values.put("MembershipChanges", outcome.membershipChanges().size());
    emit("ingest", values);
  }

  public static void sweep(SweepService.Report report) {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("WokenUsers", report.wokenUsers());
    values.put("BuiltUsers", report.builtUsers());
    values.put("CleanedUsers", report.cleanedUsers());
    values.put("MembershipChanges", report.membershipChanges());
    values.put("SkippedUsers", report.skippedUsers());
    emit("sweep", values);
  }

  /**
   * @param profileWrites profile writes read from the stream
   * @param memberItems member items put or deleted for them
   * @param undecodable profile writes whose stored memberships could not be read
   */
  public static void memberships(int profileWrites, int memberItems, int undecodable) {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("ProfileWrites", profileWrites);
    values.put("MemberItemsWritten", memberItems);
    values.put("UndecodableProfileWrites", undecodable);
    emit("memberships", values);
  }

  public static void sender(
      int sent,
      int failed,
      int suppressed,
      int holdout,
      int deferred,
      int failedTasks,
      int poison) {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("PushSent", sent);
    values.put("PushFailed", failed);
    values.put("PushSuppressed", suppressed);
    values.put("PushHoldout", holdout);
    values.put("PushDeferred", deferred);
    values.put("SendTasksFailed", failedTasks);
    values.put("PoisonSendTasks", poison);
    emit("sender", values);
  }

  /** What the campaign-events, segment-entries and campaign-clock handlers did. */
  public static void campaignEvents(String service, int engaged, int converted, int triggered) {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("PushEngaged", engaged);
    values.put("Conversions", converted);
    values.put("TriggeredSends", triggered);
    emit(service, values);
  }

  /** What one run of the engagement scoring did: windows from the model and from the fallback. */
  public static void engagementScoring(int scored, int byModel, int byFallback) {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("WindowsScored", scored);
    values.put("WindowsFromModel", byModel);
    values.put("WindowsFromFallback", byFallback);
    emit("engagementScoring", values);
  }

  static String line(String service, Map<String, Number> values, long timestamp) {
    ObjectNode root = Json.object();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", timestamp);
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("service");
    ArrayNode metrics = directive.putArray("Metrics");
    root.put("service", service);
    values.forEach(
        (name, value) -> {
          metrics.addObject().put("Name", name).put("Unit", "Count");
          root.put(name, value.longValue());
        });
    return root.toString();
  }

  private static void emit(String fallbackService, Map<String, Number> values) {
    if (!DISABLED) {
      System.out.println(
          line(SERVICE == null ? fallbackService : SERVICE, values, System.currentTimeMillis()));
    }
  }

  private static String setting(String name, String fallback) {
    String value = Settings.variable(name);
    return value == null ? fallback : value;
  }
}
