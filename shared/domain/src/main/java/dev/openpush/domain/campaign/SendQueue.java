package dev.openpush.domain.campaign;

import java.util.List;

/** Where send work waits for a sender. */
public interface SendQueue {
  /** Enqueues every task, or throws: none is lost silently. */
  void enqueue(List<SendTask> tasks);
}
