package dev.openpush.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads template.yaml and creates its tables, streams, buckets and queues on the emulators, so that
 * the local stack runs on exactly the definitions deployed to AWS. CloudFormation's short tags read
 * as their argument ({@code !Ref X} as {@code X}); parameters take their defaults.
 */
public final class TemplateResources {
  private final JsonNode template;

  /**
   * How the template wires the Kinesis trigger of a function.
   *
   * @param maxRetries -1 for Lambda's default, retry until the record expires
   * @param maxRecordAge records older than this go to the on-failure queue unprocessed; null for
   *     Lambda's default (the stream's retention)
   */
  public record KinesisTrigger(
      int batchSize,
      Duration batchingWindow,
      boolean bisectOnError,
      int maxRetries,
      Duration maxRecordAge,
      String onFailureQueue) {}

  private TemplateResources(JsonNode template) {
    this.template = template;
  }

  public static TemplateResources read(Path file) {
    try {
      return new TemplateResources(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Logical ids of the resources of one type, in template order. */
  public List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (type.equals(e.getValue().path("Type").asText())) {
        ids.add(e.getKey());
      }
    }
    return ids;
  }

  JsonNode properties(String logicalId) {
    return template.path("Resources").path(logicalId).path("Properties");
  }

  /** A value, or the default of the parameter it names. */
  String resolve(JsonNode value) {
    String text = value.asText();
    JsonNode parameter = template.path("Parameters").path(text);
    return parameter.isMissingNode() ? text : parameter.path("Default").asText();
  }

  /** Creates everything; answers logical id to the physical name used locally. */
  public Map<String, String> create(LocalClients clients, String prefix) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String id : ofType("AWS::DynamoDB::Table")) {
      String name = prefix + id;
      clients.dynamo().createTable(table(name, properties(id)));
      JsonNode ttl = properties(id).path("TimeToLiveSpecification");
      if (ttl.path("Enabled").asBoolean(false)) {
        clients
            .dynamo()
            .updateTimeToLive(
                b ->
                    b.tableName(name)
                        .timeToLiveSpecification(
                            t ->
                                t.enabled(true).attributeName(ttl.path("AttributeName").asText())));
      }
      names.put(id, name);
    }
    for (String id : ofType("AWS::Kinesis::Stream")) {
      String name = prefix + id;
      int shards = Integer.parseInt(resolve(properties(id).path("ShardCount")));
      clients.kinesis().createStream(b -> b.streamName(name).shardCount(shards));
      names.put(id, name);
    }
    for (String id : ofType("AWS::S3::Bucket")) {
      String name = (prefix + id).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      clients.s3().createBucket(b -> b.bucket(name));
      names.put(id, name);
    }
    for (String id : ofType("AWS::SQS::Queue")) {
      String name = prefix + id;
      names.put(id, clients.sqs().createQueue(b -> b.queueName(name)).queueUrl());
    }
    for (String id : ofType("AWS::SQS::Queue")) {
      Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
      JsonNode visibility = properties(id).path("VisibilityTimeout");
      if (!visibility.isMissingNode()) {
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, resolve(visibility));
      }
      JsonNode redrive = properties(id).path("RedrivePolicy");
      if (!redrive.isMissingNode()) {
        // !GetAtt X.Arn reads as "X.Arn": the dead-letter queue's logical id.
        String target = redrive.path("deadLetterTargetArn").asText().replace(".Arn", "");
        String arn =
            clients
                .sqs()
                .getQueueAttributes(
                    b -> b.queueUrl(names.get(target)).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        attributes.put(
            QueueAttributeName.REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\""
                + arn
                + "\",\"maxReceiveCount\":"
                + redrive.path("maxReceiveCount").asInt()
                + "}");
      }
      if (!attributes.isEmpty()) {
        clients.sqs().setQueueAttributes(b -> b.queueUrl(names.get(id)).attributes(attributes));
      }
    }
    for (String id : ofType("AWS::Kinesis::Stream")) {
      awaitActive(clients, names.get(id));
    }
    return names;
  }

  static CreateTableRequest table(String name, JsonNode p) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    p.path("AttributeDefinitions")
        .forEach(
            a ->
                attributes.add(
                    AttributeDefinition.builder()
                        .attributeName(a.path("AttributeName").asText())
                        .attributeType(a.path("AttributeType").asText())
                        .build()));
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    p.path("GlobalSecondaryIndexes")
        .forEach(
            i -> {
              List<String> nonKey = new ArrayList<>();
              i.path("Projection").path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
              Projection.Builder projection =
                  Projection.builder()
                      .projectionType(i.path("Projection").path("ProjectionType").asText());
              if (!nonKey.isEmpty()) {
                projection.nonKeyAttributes(nonKey);
              }
              indexes.add(
                  GlobalSecondaryIndex.builder()
                      .indexName(i.path("IndexName").asText())
                      .keySchema(keys(i.path("KeySchema")))
                      .projection(projection.build())
                      .build());
            });
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(name)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(attributes)
            .keySchema(keys(p.path("KeySchema")));
    if (!indexes.isEmpty()) {
      request.globalSecondaryIndexes(indexes);
    }
    if (p.has("StreamSpecification")) {
      request.streamSpecification(
          StreamSpecification.builder()
              .streamEnabled(true)
              .streamViewType(p.path("StreamSpecification").path("StreamViewType").asText())
              .build());
    }
    return request.build();
  }

  private static List<KeySchemaElement> keys(JsonNode schema) {
    List<KeySchemaElement> keys = new ArrayList<>();
    schema.forEach(
        k ->
            keys.add(
                KeySchemaElement.builder()
                    .attributeName(k.path("AttributeName").asText())
                    .keyType(k.path("KeyType").asText())
                    .build()));
    return keys;
  }

  /** The Kinesis event source of a function, as the template declares it. */
  public KinesisTrigger kinesisTrigger(String functionId) {
    for (JsonNode event : properties(functionId).path("Events")) {
      if ("Kinesis".equals(event.path("Type").asText())) {
        JsonNode p = event.path("Properties");
        return new KinesisTrigger(
            Integer.parseInt(resolve(p.path("BatchSize"))),
            Duration.ofSeconds(p.path("MaximumBatchingWindowInSeconds").asLong(0)),
            p.path("BisectBatchOnFunctionError").asBoolean(false),
            p.path("MaximumRetryAttempts").asInt(-1),
            p.path("MaximumRecordAgeInSeconds").asInt(-1) < 0
                ? null
                : Duration.ofSeconds(p.path("MaximumRecordAgeInSeconds").asInt()),
            p.path("DestinationConfig")
                .path("OnFailure")
                .path("Destination")
                .asText()
                .replace(".Arn", ""));
      }
    }
    throw new IllegalStateException(functionId + " has no Kinesis event in template.yaml");
  }

  /** The batch size of the function's DynamoDB stream event. */
  public int dynamoDbBatchSize(String functionId) {
    for (JsonNode event : properties(functionId).path("Events")) {
      if ("DynamoDB".equals(event.path("Type").asText())) {
        return Integer.parseInt(resolve(event.path("Properties").path("BatchSize")));
      }
    }
    throw new IllegalStateException(functionId + " has no DynamoDB event in template.yaml");
  }

  /** The batch size of a function's SQS trigger. */
  public int sqsBatchSize(String functionId) {
    for (JsonNode event : properties(functionId).path("Events")) {
      if ("SQS".equals(event.path("Type").asText())) {
        return event.path("Properties").path("BatchSize").asInt(10);
      }
    }
    throw new IllegalStateException(functionId + " has no SQS event in template.yaml");
  }

  /** Environment variable name to logical id, for the variables that !Ref a resource. */
  public Map<String, String> environmentRefs(String functionId) {
    Map<String, String> refs = new LinkedHashMap<>();
    collectRefs(globalVariables(), refs);
    collectRefs(properties(functionId).path("Environment").path("Variables"), refs);
    return refs;
  }

  /** A variable's literal value for a function: its own, else the Globals'. */
  public Optional<String> environmentValue(String functionId, String variable) {
    JsonNode own = properties(functionId).path("Environment").path("Variables").path(variable);
    JsonNode value = own.isMissingNode() ? globalVariables().path(variable) : own;
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private JsonNode globalVariables() {
    return template.path("Globals").path("Function").path("Environment").path("Variables");
  }

  private void collectRefs(JsonNode variables, Map<String, String> refs) {
    for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (template.path("Resources").has(e.getValue().asText())) {
        refs.put(e.getKey(), e.getValue().asText());
      }
    }
  }

  /** Waits until a stream takes records (polling: the SDK's waiter waits 10 s per call). */
  static void awaitActive(LocalClients clients, String stream) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      StreamStatus status =
          clients
              .kinesis()
              .describeStreamSummary(b -> b.streamName(stream))
              .streamDescriptionSummary()
              .streamStatus();
      if (status == StreamStatus.ACTIVE) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("stream " + stream + " did not become active");
  }
}
