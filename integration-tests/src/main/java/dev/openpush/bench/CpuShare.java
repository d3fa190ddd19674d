package dev.openpush.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CPU a cold start gets. Lambda gives a function CPU in proportion to its memory (one vCPU at
 * 1,769 MB), so a 1,024 MB function has 0.58 of one: reproduced here with a Linux CFS quota of 58
 * ms per 100 ms (a cgroup v1 {@code cpu} controller; needs root), the same throttling Lambda's
 * Firecracker hosts apply. Where that cannot be set up, only the whole machine is measured, and the
 * reason is printed.
 */
record CpuShare(String label, List<String> launcher) {
  private static final Path GROUP = Path.of("/sys/fs/cgroup/cpu/openpush-coldstart");
  private static String unavailable = "";

  /** The whole machine, as it is. */
  static CpuShare whole() {
    return new CpuShare(String.valueOf(Runtime.getRuntime().availableProcessors()), List.of());
  }

  /** 0.58 of one CPU, if a cgroup with that quota can be made. */
  static Optional<CpuShare> lambda1024() {
    try {
      Files.createDirectories(GROUP);
      Files.writeString(GROUP.resolve("cpu.cfs_period_us"), "100000");
      Files.writeString(GROUP.resolve("cpu.cfs_quota_us"), "58000");
    } catch (IOException | RuntimeException e) {
      unavailable = "no writable cgroup v1 cpu controller at " + GROUP + " (" + e + ")";
      return Optional.empty();
    }
    // The shell moves itself into the group, then becomes the JVM (which stays in it).
    return Optional.of(
        new CpuShare(
            "0.58",
            List.of(
                "sh",
                "-c",
                "echo $$ > " + GROUP.resolve("cgroup.procs") + " && exec \"$@\"",
                "cpu-share")));
  }

  static String unavailableReason() {
    return unavailable;
  }
}
