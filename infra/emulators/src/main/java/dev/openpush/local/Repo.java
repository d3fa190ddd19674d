package dev.openpush.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (where template.yaml is) from wherever the JVM was started. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    String configured = System.getProperty("openpush.root", System.getenv("OPENPUSH_ROOT"));
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("bin"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root (template.yaml) above " + Path.of("").toAbsolutePath());
  }
}
