package dev.openpush.functions.api;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Unavailable;
import dev.openpush.aws.Wiring;
import dev.openpush.aws.dynamodb.Cursors;
import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.aws.dynamodb.DynamoDbSegmentRepository;
import dev.openpush.aws.dynamodb.DynamoDbSettings;
import dev.openpush.aws.kinesis.KinesisEventPublisher;
import dev.openpush.domain.condition.InvalidDefinitionException;
import dev.openpush.domain.delivery.Devices;
import dev.openpush.domain.segment.SegmentDefinitions;
import dev.openpush.domain.users.UserProfiles;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The marketer API: routes a request to its resource and turns every failure into a JSON error with
 * the right status. Nothing a client sends reaches the response as a stack trace.
 */
public final class MarketerApi {
  private static final Logger LOG = Logger.getLogger(MarketerApi.class.getName());

  private final Router router = new Router();
  private final AppKeys keys;

  public MarketerApi(
      DynamoDbClient dynamo,
      S3Client s3,
      SnsClient sns,
      SqsClient sqs,
      KinesisEventPublisher publisher,
      Settings settings,
      Clock clock) {
    this.keys = AppKeys.parse(settings.apiKeys(), settings.apiKey());
    SegmentsResource segments =
        new SegmentsResource(
            Wiring.segmentDefinitions(dynamo, settings, clock),
            new DynamoDbSegmentRepository(dynamo, settings.tables()),
            new DynamoDbDirectory(dynamo, settings.tables()),
            clock);
    segments.register(router);
    Devices devices = Wiring.devices(dynamo, sns, settings, clock);
    UserProfiles users = Wiring.userProfiles(dynamo, s3, settings, clock);
    new UsersResource(
            users,
            devices,
            new dev.openpush.aws.dynamodb.DynamoDbOutcomes(dynamo, settings.tables()),
            segments,
            clock)
        .register(router);
    new DevicesResource(devices).register(router);
    new TemplatesResource(Wiring.templates(dynamo, settings, clock), users).register(router);
    new CampaignsResource(Wiring.campaigns(dynamo, sqs, settings, clock)).register(router);
    new SettingsResource(new DynamoDbSettings(dynamo, settings.tables())).register(router);
    new EventsResource(publisher, clock).register(router);
  }

  public ApiResponse handle(ApiRequest request) {
    try {
      if (keys != null && !request.signedByIam()) {
        String appId = appOf(request.path());
        switch (keys.check(request.header("x-api-key"), appId)) {
          case UNKNOWN_KEY -> {
            return ApiResponse.error(403, "forbidden", "a valid x-api-key header is required");
          }
          case OTHER_APP -> {
            return ApiResponse.error(
                403, "forbidden", "this API key is not allowed for app " + Bodies.quote(appId));
          }
          case ALLOWED -> {}
        }
      }
      return router.route(request);
    } catch (ApiException e) {
      return e.response();
    } catch (SegmentDefinitions.DefinitionTooLargeException e) {
      return ApiResponse.error(413, "definition_too_large", e.getMessage());
    } catch (InvalidDefinitionException e) {
      return ApiResponse.error(400, "invalid_definition", e.getMessage());
    } catch (Cursors.InvalidCursorException e) {
      return ApiResponse.error(400, "invalid_cursor", e.getMessage());
    } catch (RuntimeException e) {
      var dependency = Unavailable.service(e);
      if (dependency.isPresent()) {
        LOG.log(
            Level.WARNING,
            "{0} {1} (request {2}): {3} is unavailable ({4})",
            new Object[] {
              request.method(),
              router.template(request),
              request.requestId(),
              dependency.get(),
              e.toString()
            });
        return new ApiResponse(
            503,
            ApiResponse.error(
                    503,
                    "service_unavailable",
                    dependency.get()
                        + " is unavailable; the request did not complete and is safe to retry")
                .body(),
            java.util.Map.of("Retry-After", "5"));
      }
      // The route template, never the path: paths carry user ids.
      LOG.log(
          Level.SEVERE,
          "request failed: "
              + request.method()
              + " "
              + router.template(request)
              + " (request "
              + request.requestId()
              + ")",
          e);
      return ApiResponse.error(
          500, "internal_error", "the request could not be completed; it is safe to retry");
    }
  }

  /** The app a path names ({@code /v1/apps/{appId}/...}), decoded, or null. */
  private static String appOf(String path) {
    String prefix = "/v1/apps/";
    if (path == null || !path.startsWith(prefix)) {
      return null;
    }
    int end = path.indexOf('/', prefix.length());
    return PathSegments.decode(path.substring(prefix.length(), end < 0 ? path.length() : end));
  }
}
