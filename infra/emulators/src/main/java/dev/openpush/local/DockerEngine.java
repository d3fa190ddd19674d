package dev.openpush.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is reachable, so that the LocalStack profile runs LocalStack's container
 * rather than its host mode. Testcontainers is asked only when a socket or DOCKER_HOST exists,
 * which keeps start-up quiet and quick without one.
 */
final class DockerEngine {
  private DockerEngine() {}

  static boolean present() {
    boolean endpoint =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    return endpoint && DockerClientFactory.instance().isDockerAvailable();
  }
}
