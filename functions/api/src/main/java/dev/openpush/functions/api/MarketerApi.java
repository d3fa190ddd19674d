package dev.openpush.functions.api;

import dev.openpush.aws.Settings;
import dev.openpush.aws.dynamodb.Cursors;
import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbSegmentRepository;
import dev.openpush.aws.kinesis.KinesisEventPublisher;
import dev.openpush.domain.condition.InvalidDefinitionException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The marketer API: routes a request to its resource and turns every failure into a JSON error with
 * the right status. Nothing a client sends reaches the response as a stack trace.
 */
public final class MarketerApi {
  private static final Logger LOG = Logger.getLogger(MarketerApi.class.getName());

  private final Router router = new Router();
  private final String apiKey;

  public MarketerApi(
      DynamoDbClient dynamo, KinesisEventPublisher publisher, Settings settings, Clock clock) {
    this.apiKey = settings.apiKey();
    DynamoDbSegmentRepository segments = new DynamoDbSegmentRepository(dynamo, settings.tables());
    DynamoDbProfileStore profiles = new DynamoDbProfileStore(dynamo, settings.tables());
    SegmentsResource segmentsResource =
        new SegmentsResource(
            segments, new DynamoDbDirectory(dynamo, settings.tables()), profiles, clock);
    segmentsResource.register(router);
    new UsersResource(profiles, segments, segmentsResource, clock).register(router);
    new EventsResource(publisher).register(router);
  }

  public ApiResponse handle(ApiRequest request) {
    try {
      if (apiKey != null && !keyMatches(request.header("x-api-key"))) {
        return ApiResponse.error(403, "forbidden", "a valid x-api-key header is required");
      }
      return router.route(request);
    } catch (ApiException e) {
      return e.response();
    } catch (InvalidDefinitionException e) {
      return ApiResponse.error(400, "invalid_definition", e.getMessage());
    } catch (Cursors.InvalidCursorException e) {
      return ApiResponse.error(400, "invalid_request", "cursor: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "request failed: " + request.method() + " " + request.path(), e);
      return ApiResponse.error(
          500, "internal_error", "the request could not be completed; it is safe to retry");
    }
  }

  private boolean keyMatches(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8));
  }
}
