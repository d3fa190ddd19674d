package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.local.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each function's package holds (the {@code function.zip} the build writes, which is what
 * {@code sam deploy} uploads): the AWS services it uses and no others, one HTTP client (the
 * sender's package adds the Netty client, for its asynchronous publisher), and nothing of the
 * emulators or the tests. A dependency that slips in (an SDK default, a test scope lost) is a
 * larger package and a slower cold start for every user.
 */
class FunctionPackagesTest {
  private static final List<String> HTTP_CLIENTS =
      List.of("url-connection-client", "apache-client", "netty-nio-client", "aws-crt-client");
  private static final List<String> SERVICES =
      List.of("dynamodb", "kinesis", "s3", "sns", "sqs", "sagemakerruntime");
  private static final List<String> NEVER =
      List.of(
          "DynamoDBLocal",
          "sqlite4java",
          "testcontainers",
          "junit",
          "assertj",
          "rest-assured",
          "jqwik",
          "dev.openpush.emulators",
          "dev.openpush.local-stack",
          "engagement-model",
          "aws-lambda-java-runtime-interface-client");

  @ParameterizedTest
  @CsvSource({
    "api, dynamodb kinesis s3 sns sqs, url-connection-client",
    "ingest, dynamodb s3, url-connection-client",
    "sweep, dynamodb, url-connection-client",
    "memberships, dynamodb, url-connection-client",
    "sender, dynamodb sagemakerruntime sns sqs, netty-nio-client url-connection-client"
  })
  void aFunctionsPackageHoldsWhatItUsesAndNothingElse(
      String function, String services, String httpClients) throws IOException {
    Path zip = Repo.root().resolve("functions/" + function + "/target/function.zip");
    assertThat(zip).as("built by mvn install before this test").exists();
    Set<String> jars = new TreeSet<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      file.stream()
          .map(e -> e.getName())
          .filter(n -> n.startsWith("lib/") && n.endsWith(".jar"))
          .forEach(n -> jars.add(n.substring("lib/".length())));
    }

    assertThat(present(jars, SERVICES)).isEqualTo(Set.of(services.split(" ")));
    assertThat(present(jars, HTTP_CLIENTS)).isEqualTo(Set.of(httpClients.split(" ")));
    assertThat(jars).noneMatch(jar -> NEVER.stream().anyMatch(jar::contains));
    assertThat(Files.size(zip)).as("zip bytes").isLessThan(27_000_000);
  }

  /** Which of {@code artifacts} (the SDK's artifact ids) the package's jars include. */
  private static Set<String> present(Set<String> jars, List<String> artifacts) {
    Set<String> found = new TreeSet<>();
    for (String artifact : artifacts) {
      if (jars.stream()
          .anyMatch(jar -> jar.matches(".*software\\.amazon\\.awssdk\\." + artifact + "-\\d.*"))) {
        found.add(artifact);
      }
    }
    return found;
  }
}
