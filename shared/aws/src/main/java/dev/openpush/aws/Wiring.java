package dev.openpush.aws;

import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.aws.dynamodb.DynamoDbMemberIndex;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbSegmentRepository;
import dev.openpush.aws.dynamodb.DynamoDbWakeQueue;
import dev.openpush.aws.kinesis.KinesisEventPublisher;
import dev.openpush.aws.s3.S3DeadLetters;
import dev.openpush.aws.segments.CachedSegmentSource;
import dev.openpush.domain.ingest.IngestService;
import dev.openpush.domain.memberships.MembershipProjection;
import dev.openpush.domain.segment.SegmentDefinitions;
import dev.openpush.domain.sweep.SweepService;
import dev.openpush.domain.users.UserProfiles;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place where domain services are assembled from AWS clients: used by the functions' CDI
 * producers and by the local stack alike, so both run the same object graph.
 */
public final class Wiring {
  /** Where ingest files its dead letters in the bucket, and erasure looks for them. */
  private static final String DEAD_LETTER_PREFIX = "ingest";

  private Wiring() {}

  public static IngestService ingestService(
      DynamoDbClient dynamo, S3Client s3, Settings settings, Clock clock) {
    if (settings.deadLetterBucket() == null) {
      throw new IllegalStateException("DEAD_LETTER_BUCKET is not set");
    }
    return new IngestService(
        new DynamoDbProfileStore(dynamo, settings.tables()),
        new CachedSegmentSource(
            new DynamoDbSegmentRepository(dynamo, settings.tables()), settings.segmentCache()),
        new S3DeadLetters(s3, settings.deadLetterBucket(), DEAD_LETTER_PREFIX, clock),
        clock);
  }

  public static SweepService sweepService(DynamoDbClient dynamo, Settings settings, Clock clock) {
    DynamoDbSegmentRepository segments = new DynamoDbSegmentRepository(dynamo, settings.tables());
    return new SweepService(
        new DynamoDbProfileStore(dynamo, settings.tables()),
        // The sweep must see a definition as it is now, so no cache.
        new CachedSegmentSource(segments, java.time.Duration.ZERO),
        segments,
        new DynamoDbWakeQueue(dynamo, settings.tables(), clock),
        new DynamoDbDirectory(dynamo, settings.tables()),
        clock,
        settings.segmentSettle());
  }

  public static SegmentDefinitions segmentDefinitions(
      DynamoDbClient dynamo, Settings settings, Clock clock) {
    return new SegmentDefinitions(
        new DynamoDbSegmentRepository(dynamo, settings.tables()),
        new DynamoDbDirectory(dynamo, settings.tables()),
        new DynamoDbProfileStore(dynamo, settings.tables()),
        clock);
  }

  public static UserProfiles userProfiles(
      DynamoDbClient dynamo, S3Client s3, Settings settings, Clock clock) {
    if (settings.deadLetterBucket() == null) {
      throw new IllegalStateException("DEAD_LETTER_BUCKET is not set (erasure purges it)");
    }
    return new UserProfiles(
        new DynamoDbProfileStore(dynamo, settings.tables()),
        new DynamoDbMemberIndex(dynamo, settings.tables()),
        new DynamoDbSegmentRepository(dynamo, settings.tables()),
        new S3DeadLetters(s3, settings.deadLetterBucket(), DEAD_LETTER_PREFIX, clock),
        clock);
  }

  /** Devices and consent: the delivery table and the app's SNS platform applications. */
  public static dev.openpush.domain.delivery.Devices devices(
      DynamoDbClient dynamo,
      software.amazon.awssdk.services.sns.SnsClient sns,
      Settings settings,
      Clock clock) {
    return new dev.openpush.domain.delivery.Devices(
        new dev.openpush.aws.dynamodb.DynamoDbDeliveryStates(dynamo, settings.tables()),
        new dev.openpush.aws.sns.SnsPushGateway(
            sns, dev.openpush.aws.sns.PlatformApplications.parse(settings.platformApplications())),
        clock);
  }

  public static dev.openpush.domain.template.Templates templates(
      DynamoDbClient dynamo, Settings settings, Clock clock) {
    return new dev.openpush.domain.template.Templates(
        new dev.openpush.aws.dynamodb.DynamoDbTemplates(dynamo, settings.tables()),
        new dev.openpush.domain.template.TemplateEngine(),
        clock);
  }

  /** The campaign service of the API: definitions, launches (onto the send queue), metrics. */
  public static dev.openpush.domain.campaign.Campaigns campaigns(
      DynamoDbClient dynamo,
      software.amazon.awssdk.services.sqs.SqsClient sqs,
      Settings settings,
      Clock clock) {
    return new dev.openpush.domain.campaign.Campaigns(
        new dev.openpush.aws.dynamodb.DynamoDbCampaigns(dynamo, settings.tables()),
        new DynamoDbSegmentRepository(dynamo, settings.tables()),
        templates(dynamo, settings, clock),
        sendQueue(sqs, settings, clock),
        new dev.openpush.aws.dynamodb.DynamoDbOutcomes(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbOccurrences(dynamo, settings.tables()),
        clock);
  }

  /**
   * What the apps' events and segment entries mean to campaigns. Launched campaigns are cached as
   * long as segment definitions are ({@code SEGMENT_CACHE_SECONDS}).
   */
  public static dev.openpush.domain.campaign.CampaignEvents campaignEvents(
      DynamoDbClient dynamo,
      software.amazon.awssdk.services.sqs.SqsClient sqs,
      Settings settings,
      Clock clock) {
    return new dev.openpush.domain.campaign.CampaignEvents(
        new dev.openpush.aws.dynamodb.CachedLiveCampaigns(
            new dev.openpush.aws.dynamodb.DynamoDbCampaigns(dynamo, settings.tables()),
            settings.segmentCache()),
        new dev.openpush.aws.dynamodb.DynamoDbDeliveryStates(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbOutcomes(dynamo, settings.tables()),
        sendQueue(sqs, settings, clock),
        new dev.openpush.aws.dynamodb.DynamoDbScoringQueue(dynamo, settings.tables(), clock),
        clock);
  }

  /**
   * The scheduled scoring of engagement windows: the model endpoint when one is configured
   * (answering within 20 seconds a batch), else every window from the built-in estimate.
   */
  public static dev.openpush.domain.engagement.EngagementScoring engagementScoring(
      DynamoDbClient dynamo, Settings settings, Clock clock) {
    dev.openpush.domain.engagement.WindowPredictor model = null;
    if (settings.engagementEndpoint() != null) {
      var runtime =
          software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient.builder()
              .httpClient(
                  software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
              .overrideConfiguration(c -> c.apiCallTimeout(java.time.Duration.ofSeconds(20)));
      if (settings.sageMakerUrl() != null) {
        // The local inference server: it checks no signature, so any region and key will do.
        runtime
            .endpointOverride(java.net.URI.create(settings.sageMakerUrl()))
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "local", "local")));
      }
      model =
          new dev.openpush.aws.sagemaker.SageMakerWindowPredictor(
              runtime.build(), settings.engagementEndpoint());
    }
    return new dev.openpush.domain.engagement.EngagementScoring(
        new dev.openpush.aws.dynamodb.DynamoDbScoringQueue(dynamo, settings.tables(), clock),
        new DynamoDbProfileStore(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbDeliveryStates(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbSettings(dynamo, settings.tables()),
        model,
        clock);
  }

  /** Starts recurring campaigns' runs when due. */
  public static dev.openpush.domain.campaign.CampaignClock campaignClock(
      DynamoDbClient dynamo,
      software.amazon.awssdk.services.sqs.SqsClient sqs,
      Settings settings,
      Clock clock) {
    return new dev.openpush.domain.campaign.CampaignClock(
        new dev.openpush.aws.dynamodb.DynamoDbCampaigns(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbOccurrences(dynamo, settings.tables()),
        sendQueue(sqs, settings, clock),
        clock);
  }

  /** What the sender function runs for each task of the send queue. */
  public static dev.openpush.domain.campaign.CampaignSender campaignSender(
      DynamoDbClient dynamo,
      software.amazon.awssdk.services.sns.SnsAsyncClient sns,
      software.amazon.awssdk.services.sqs.SqsClient sqs,
      Settings settings,
      Clock clock) {
    return new dev.openpush.domain.campaign.CampaignSender(
        new dev.openpush.aws.dynamodb.DynamoDbCampaigns(dynamo, settings.tables()),
        templates(dynamo, settings, clock),
        new DynamoDbDirectory(dynamo, settings.tables()),
        new DynamoDbProfileStore(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbDeliveryStates(dynamo, settings.tables()),
        new dev.openpush.aws.dynamodb.DynamoDbSettings(dynamo, settings.tables()),
        new dev.openpush.aws.sns.SnsPublisher(sns),
        new dev.openpush.aws.dynamodb.DynamoDbOutcomes(dynamo, settings.tables()),
        sendQueue(sqs, settings, clock),
        new dev.openpush.aws.dynamodb.DynamoDbRateLimiter(dynamo, settings.tables()),
        SEND_CONCURRENCY,
        clock);
  }

  private static dev.openpush.aws.sqs.SqsSendQueue sendQueue(
      software.amazon.awssdk.services.sqs.SqsClient sqs, Settings settings, Clock clock) {
    if (settings.sendQueue() == null) {
      throw new IllegalStateException("SEND_QUEUE is not set");
    }
    return new dev.openpush.aws.sqs.SqsSendQueue(sqs, settings.sendQueue(), clock);
  }

  /**
   * Users a sender instance sends to at once: enough that a 20 ms publish does not bound it to 50
   * messages a second, few enough for one function's connections and DynamoDB's partitions.
   */
  static final int SEND_CONCURRENCY = 100;

  public static MembershipProjection membershipProjection(
      DynamoDbClient dynamo, Settings settings) {
    return new MembershipProjection(new DynamoDbMemberIndex(dynamo, settings.tables()));
  }

  public static KinesisEventPublisher eventPublisher(KinesisClient kinesis, Settings settings) {
    if (settings.eventsStream() == null) {
      throw new IllegalStateException("EVENTS_STREAM is not set");
    }
    return new KinesisEventPublisher(kinesis, settings.eventsStream());
  }
}
