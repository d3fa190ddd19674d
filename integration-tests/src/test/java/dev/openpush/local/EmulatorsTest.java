package dev.openpush.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An emulator that dies is named to whoever runs the emulators; one stopped on purpose is not. */
class EmulatorsTest {

  @Test
  void anEmulatorThatDiesIsNamedWithItsExitCode() throws Exception {
    Emulators own = Emulators.start(Repo.root());
    try {
      CompletableFuture<String> died = new CompletableFuture<>();
      own.onUnexpectedExit(died::complete);
      String port = Integer.toString(own.motoEndpoint.getPort());
      List<ProcessHandle> moto =
          ProcessHandle.current()
              .children()
              .filter(
                  p ->
                      p.info().commandLine().orElse("").contains("moto.server")
                          && p.info().commandLine().orElse("").contains(port))
              .toList();
      assertThat(moto).hasSize(1);

      moto.get(0).destroyForcibly();

      assertThat(died.get(30, TimeUnit.SECONDS)).startsWith("moto (pid ").contains("exited");
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
