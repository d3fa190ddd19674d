package dev.openpush.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An emulator that dies is named to whoever runs the emulators; one stopped on purpose is not. */
class EmulatorsTest {

  @Test
  void anEmulatorThatDiesIsNamedWithItsExitCode() throws Exception {
    Instant started = Instant.now().minusSeconds(1);
    Emulators own = Emulators.start(Repo.root());
    try {
      CompletableFuture<String> died = new CompletableFuture<>();
      own.onUnexpectedExit(died::complete);
      // The process that serves S3 and SQS: moto, or LocalStack itself.
      boolean localstack = EmulatorProfile.selected() == EmulatorProfile.LOCALSTACK;
      String name = localstack ? "localstack" : "moto";
      String marker = localstack ? "localstack.runtime.main" : "moto.server";
      String port = Integer.toString(own.awsEndpoint.getPort());
      List<ProcessHandle> server =
          ProcessHandle.current()
              .children()
              .filter(p -> p.info().commandLine().orElse("").contains(marker))
              .filter(p -> localstack || p.info().commandLine().orElse("").contains(port))
              .filter(p -> p.info().startInstant().orElse(Instant.EPOCH).isAfter(started))
              .toList();
      assertThat(server).hasSize(1);

      server.get(0).destroyForcibly();

      assertThat(died.get(30, TimeUnit.SECONDS)).startsWith(name + " (pid ").contains("exited");
    } finally {
      own.close();
    }
  }

  @Test
  void emulatorsStoppedOnPurposeAreNotReportedAsDead() throws Exception {
    Emulators own = Emulators.start(Repo.root());
    CompletableFuture<String> died = new CompletableFuture<>();
    own.onUnexpectedExit(died::complete);

    own.close();

    Thread.sleep(500);
    assertThat(died).isNotDone();
  }
}
