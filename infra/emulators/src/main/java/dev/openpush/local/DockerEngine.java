package dev.openpush.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is reachable, so that LocalStack can be used. Testcontainers is asked
 * only when a socket or DOCKER_HOST exists, which keeps start-up quiet and quick without one.
 * {@code OPENPUSH_EMULATORS=native} keeps the native emulators even with Docker.
 */
final class DockerEngine {
  private DockerEngine() {}

  static boolean present() {
    if ("native".equalsIgnoreCase(System.getenv("OPENPUSH_EMULATORS"))) {
      return false;
    }
    boolean endpoint =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    return endpoint && DockerClientFactory.instance().isDockerAvailable();
  }
}
