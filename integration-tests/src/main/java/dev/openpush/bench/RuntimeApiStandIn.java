package dev.openpush.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the Lambda Runtime API (2018-06-01), as far as a runtime client needs it: hands
 * out the given events one by one on {@code /invocation/next} and notes when each was taken and
 * when its response (or error) came back, in nanoseconds of this JVM's clock.
 */
final class RuntimeApiStandIn implements AutoCloseable {
  private final HttpServer server;
  private final List<String> events;
  private final long[] taken;
  private final long[] answered;
  private final String[] answers;
  private final CountDownLatch done;
  private int next;

  RuntimeApiStandIn(List<String> events) throws IOException {
    this.events = new ArrayList<>(events);
    this.taken = new long[events.size()];
    this.answered = new long[events.size()];
    this.answers = new String[events.size()];
    this.done = new CountDownLatch(events.size());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/2018-06-01/runtime/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  boolean awaitAnswers(long seconds) throws InterruptedException {
    return done.await(seconds, TimeUnit.SECONDS);
  }

  long taken(int i) {
    return taken[i];
  }

  long answered(int i) {
    return answered[i];
  }

  String answer(int i) {
    return answers[i];
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (path.endsWith("/invocation/next")) {
      int i;
      synchronized (this) {
        i = next < events.size() ? next++ : -1;
      }
      if (i < 0) {
        // Nothing more to run: hold the client until the harness stops it.
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      taken[i] = now;
      byte[] event = events.get(i).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "req-" + i);
      exchange
          .getResponseHeaders()
          .add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
      exchange
          .getResponseHeaders()
          .add(
              "Lambda-Runtime-Invoked-Function-Arn",
              "arn:aws:lambda:us-east-1:123456789012:function:coldstart");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, event.length);
      exchange.getResponseBody().write(event);
      exchange.close();
      return;
    }
    int i = -1;
    int at = path.indexOf("/invocation/req-");
    if (at >= 0) {
      String rest = path.substring(at + "/invocation/req-".length());
      i = Integer.parseInt(rest.substring(0, rest.indexOf('/')));
    }
    if (i >= 0 && answered[i] == 0) {
      answered[i] = now;
      answers[i] =
          (path.endsWith("/error") ? "error: " : "") + new String(body, StandardCharsets.UTF_8);
      done.countDown();
    } else if (path.endsWith("/init/error")) {
      for (int j = 0; j < answers.length; j++) {
        answers[j] = "init error: " + new String(body, StandardCharsets.UTF_8);
        done.countDown();
      }
    }
    exchange.sendResponseHeaders(202, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
