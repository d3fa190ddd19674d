package dev.openpush.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import dev.openpush.local.QuarkusEmulatorResource;
import dev.openpush.local.Repo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The function as deployed: target/function.zip unpacked, the template's handler called on it in a
 * JVM of its own (as AWS's java21 runtime does), against the emulators. A class missing from the
 * package, a config that only works in tests, or a broken CDI wiring fails here.
 */
class ApiFunctionPackageIT {

  @Test
  void thePackagedFunctionAnswersApiGatewayEvents() throws Exception {
    Path unpacked = unzip(Path.of("target/function.zip"), Files.createTempDirectory("function"));
    Map<String, String> config = new QuarkusEmulatorResource().start();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(unpacked + File.pathSeparator + unpacked.resolve("lib") + File.separator + "*");
    command.add(
        Path.of("src/test/resources/packaged/PackagedHandler.java").toAbsolutePath().toString());
    for (String event : List.of("create-segment.json", "get-user.json", "post-events.json")) {
      command.add(Repo.root().resolve("events/api/" + event).toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    List<JsonNode> answers = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("ANSWER ")) {
        answers.add(Json.mapper().readTree(line.substring("ANSWER ".length())));
      }
    }
    assertThat(answers).as(output).hasSize(3);
    assertThat(answers.get(0).get("statusCode").asInt()).isEqualTo(201);
    assertThat(answers.get(0).get("body").asText()).contains("\"status\":\"building\"");
    assertThat(answers.get(1).get("statusCode").asInt()).isEqualTo(404);
    assertThat(answers.get(2).get("statusCode").asInt()).isEqualTo(202);
    assertThat(answers.get(2).get("body").asText()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
  }

  private static Path unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("entry outside the archive: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    return into;
  }
}
