package dev.openpush.aws.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.json.Utf8;
import dev.openpush.domain.ports.DeadLetter;
import dev.openpush.domain.ports.DeadLetterErasure;
import dev.openpush.domain.ports.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Dead letters as one S3 object each under {@code <prefix>/yyyy/MM/dd/}, holding the whole record
 * (any size: nothing is lost) and the reason, ready to inspect and to replay.
 */
public final class S3DeadLetters implements DeadLetters, DeadLetterErasure {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Clock clock;

  public S3DeadLetters(S3Client s3, String bucket, String prefix, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.clock = clock;
  }

  @Override
  public void send(List<DeadLetter> letters) {
    for (DeadLetter letter : letters) {
      ObjectNode body = Json.object();
      body.put("reason", letter.reason());
      body.put("recordId", letter.record().id());
      body.put("partitionKey", letter.record().partitionKey());
      if (letter.record().arrivedAt() != null) {
        body.put("arrivedAt", letter.record().arrivedAt().toString());
      }
      body.put("deadLetteredAt", clock.instant().toString());
      body.put("size", letter.record().data().length);
      String text = Utf8.decode(letter.record().data());
      if (text != null) {
        body.put("data", text);
      } else {
        body.put("dataBase64", Base64.getEncoder().encodeToString(letter.record().data()));
      }
      String key =
          keyPrefix(letter.record().partitionKey())
              + DAY.format(clock.instant())
              + "/"
              + letter.record().id()
              + ".json";
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType("application/json"),
          RequestBody.fromString(body.toString(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Deletes the letters filed under each partition key: one listing per key, no scan of the bucket.
   */
  @Override
  public int forget(Collection<String> partitionKeys) {
    int deleted = 0;
    for (String partitionKey : partitionKeys) {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix(partitionKey)))
              .contents()) {
        s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * Letters are filed by a digest of their partition key (a user id, usually), so that a user's
   * letters can be found and erased without reading the others, and no id appears in a key.
   */
  private String keyPrefix(String partitionKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((partitionKey == null ? "" : partitionKey).getBytes(StandardCharsets.UTF_8));
      return prefix + "/" + HexFormat.of().formatHex(digest, 0, 16) + "/";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
