package dev.openpush.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Queries of many partitions (the shards of a wake-up hour, of a segment's members) run side by
 * side: they are network waits, and one after the other a hundred of them take a second or more.
 * Daemon threads, so that the pool never keeps a JVM alive.
 */
final class PartitionQueries {
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          16,
          task -> {
            Thread thread = new Thread(task, "partition-queries");
            thread.setDaemon(true);
            return thread;
          });

  private PartitionQueries() {}

  /** {@code query} of each partition, in the order given; the first failure is thrown. */
  static <T> List<T> each(List<String> partitions, Function<String, T> query) {
    List<Future<T>> pending = new ArrayList<>();
    for (String partition : partitions) {
      pending.add(POOL.submit(() -> query.apply(partition)));
    }
    List<T> results = new ArrayList<>();
    try {
      for (Future<T> part : pending) {
        results.add(part.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying partitions", e);
    } catch (ExecutionException e) {
      pending.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
    return results;
  }
}
