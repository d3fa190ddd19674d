package dev.openpush.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import dev.openpush.aws.Settings;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbSegmentRepository;
import dev.openpush.aws.lambda.Priming;
import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.profile.MembershipsCodec;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.ProfileUpdater;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Init-phase priming (see {@link Priming}): the batch path on an empty batch, then what a real
 * batch reads (an app's segments, a person's profile) for an app that has neither, and the parser
 * on a sample event. Nothing is written: the first real batch writes with everything already
 * loaded.
 */
@ApplicationScoped
class IngestPriming {
  private static final byte[] SAMPLE =
      ("{\"type\":\"track\",\"messageId\":\"priming\",\"userId\":\"__priming__\","
              + "\"appId\":\"__priming__\",\"event\":\"Order Completed\","
              + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"properties\":{\"revenue\":1.5},"
              + "\"context\":{\"timezone\":\"Europe/Berlin\",\"os\":{\"name\":\"iOS\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  void prime(
      @Observes StartupEvent start, IngestHandler handler, DynamoDbClient dynamo, S3Client s3) {
    Settings settings = Settings.fromEnvironment();
    var tables = settings.tables();
    Priming.of("ingest")
        .clients(dynamo, s3)
        .invoke(handler, KinesisEvent.class, "priming/ingest.json")
        .step("parse", () -> new EventParser(Clock.systemUTC()).parse(SAMPLE))
        .step("profile codec", IngestPriming::profileCodec)
        .step("segments", () -> new DynamoDbSegmentRepository(dynamo, tables).all(Priming.NOBODY))
        .step(
            "profiles",
            () ->
                new DynamoDbProfileStore(dynamo, tables)
                    .load(Priming.NOBODY, List.of(Priming.NOBODY)))
        .step("dead letters", () -> deadLetterBucket(s3, settings.deadLetterBucket()))
        .run();
  }

  /** A profile made from the sample event, through both body formats and the memberships' form. */
  private static void profileCodec() throws Exception {
    Profile profile = new Profile(Priming.NOBODY, Priming.NOBODY);
    ProfileUpdater.withDefaults()
        .apply(profile, new EventParser(Clock.systemUTC()).parse(SAMPLE), Instant.now());
    byte[] lz4 = ProfileCodec.encode(profile);
    // Beside bytes that end the item just past a KB with LZ4's body: zlib is tried too.
    byte[] zlib = ProfileCodec.encode(profile, 1024 + 1 - lz4.length);
    for (byte[] body : List.of(lz4, zlib)) {
      ProfileCodec.decode(body, new Profile(Priming.NOBODY, Priming.NOBODY));
    }
    MembershipsCodec.decode(MembershipsCodec.encode(profile.memberships()));
  }

  /** A look at a key that is never written: the dead-letter path's S3 stack, without a letter. */
  private static void deadLetterBucket(S3Client s3, String bucket) {
    try {
      s3.headObject(b -> b.bucket(bucket).key("priming/" + Priming.NOBODY));
    } catch (NoSuchKeyException e) {
      // what a look at a key that was never written answers
    }
  }
}
