package dev.openpush.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients pointed at the emulators, with dummy credentials. */
public record LocalClients(
    DynamoDbClient dynamo, KinesisClient kinesis, S3Client s3, SqsClient sqs, SnsClient sns)
    implements AutoCloseable {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  /**
   * A DynamoDB client builder pointed at the emulators, for clients that need more configuration.
   */
  public static DynamoDbClientBuilder dynamoBuilder(Emulators emulators) {
    return DynamoDbClient.builder()
        .endpointOverride(emulators.dynamoEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(ApacheHttpClient.create());
  }

  /** The DynamoDB Streams client of the emulators: how the membership change feed is read. */
  public static DynamoDbStreamsClient streams(Emulators emulators) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(emulators.dynamoEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(ApacheHttpClient.create())
        .build();
  }

  /**
   * An async SNS client pointed at the emulators, as the sender publishes: Netty, at most {@code
   * maxConcurrency} requests in flight.
   */
  public static SnsAsyncClient snsAsync(Emulators emulators, int maxConcurrency) {
    return SnsAsyncClient.builder()
        .endpointOverride(emulators.awsEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConcurrency).build())
        .build();
  }

  public static LocalClients of(Emulators emulators) {
    // kinesis-local's CBOR responses for records over about 6 KB break the SDK's CBOR reader
    // ("Unable to unmarshall response"), which stalled a shard; the JSON protocol reads records of
    // any size. AWS itself serves CBOR correctly, so only clients of the emulator switch.
    System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
    return new LocalClients(
        dynamoBuilder(emulators).build(),
        KinesisClient.builder()
            .endpointOverride(emulators.kinesisEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ApacheHttpClient.create())
            .build(),
        S3Client.builder()
            .endpointOverride(emulators.awsEndpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ApacheHttpClient.create())
            .build(),
        SqsClient.builder()
            .endpointOverride(emulators.awsEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ApacheHttpClient.create())
            .build(),
        SnsClient.builder()
            .endpointOverride(emulators.awsEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ApacheHttpClient.create())
            .build());
  }

  @Override
  public void close() {
    dynamo.close();
    kinesis.close();
    s3.close();
    sqs.close();
    sns.close();
  }
}
