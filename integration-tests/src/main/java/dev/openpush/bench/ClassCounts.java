package dev.openpush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * How many classes a cold start loads before its first event and during it, read from the JVM's
 * {@code -Xlog:class+load} log (each line stamped with the JVM's uptime in nanoseconds, set against
 * when the Runtime API stand-in handed out the first event and got its answer; the JVM starts a few
 * milliseconds after the process, so a class at the boundary may be counted on the wrong side).
 */
record ClassCounts(int init, int firstCall, int sdkInFirstCall) {
  static ClassCounts of(Path log, ColdStartBenchmark.Timings timings) throws IOException {
    int init = 0;
    int firstCall = 0;
    int sdk = 0;
    for (String line : Files.readAllLines(log)) {
      // [123456789ns] java.lang.Object source: ...
      int close = line.indexOf("ns] ");
      if (!line.startsWith("[") || close < 0) {
        continue;
      }
      long uptime = Long.parseLong(line.substring(1, close));
      if (uptime < timings.firstTakenNs()) {
        init++;
      } else if (uptime <= timings.firstAnsweredNs()) {
        firstCall++;
        if (line.startsWith("software.amazon.awssdk.", close + 4)) {
          sdk++;
        }
      }
    }
    return new ClassCounts(init, firstCall, sdk);
  }

  /** The classes in the package: its own and those of every jar in {@code lib/}. */
  static int inPackage(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      int count = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class")) {
          count++;
        } else if (name.endsWith(".jar")) {
          try (ZipFile jar = new ZipFile(file.toFile())) {
            count += (int) jar.stream().filter(e -> e.getName().endsWith(".class")).count();
          }
        }
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int jars(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
      return jars.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
