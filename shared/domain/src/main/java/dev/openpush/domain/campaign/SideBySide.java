package dev.openpush.domain.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Work on items at most {@code concurrency} at once, each on a virtual thread. */
final class SideBySide {
  private SideBySide() {}

  /**
   * The results in the items' order, once every item is done; if any failed, its failure is thrown
   * then (the others have run). A concurrency of 1 or less runs them one after another.
   */
  static <I, R> List<R> map(List<I> items, int concurrency, Function<I, R> work) {
    List<R> results = new ArrayList<>(items.size());
    if (concurrency <= 1) {
      items.forEach(item -> results.add(work.apply(item)));
      return results;
    }
    Semaphore slots = new Semaphore(concurrency);
    List<Future<R>> running = new ArrayList<>(items.size());
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (I item : items) {
        running.add(
            threads.submit(
                () -> {
                  slots.acquire();
                  try {
                    return work.apply(item);
                  } finally {
                    slots.release();
                  }
                }));
      }
    }
    RuntimeException failure = null;
    for (Future<R> result : running) {
      try {
        results.add(result.get());
      } catch (ExecutionException e) {
        failure =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for work", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }
}
