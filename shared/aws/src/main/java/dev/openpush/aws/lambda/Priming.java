package dev.openpush.aws.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.arc.ClientProxy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a function does in its init phase, before any event and before a SnapStart snapshot, so that
 * its first event finds everything built: the SDK clients created and their request path loaded (a
 * harmless read: a key that does not exist), the Lambda object mapper's reader and writer for the
 * function's event types built, and the function's own code path loaded, by invoking its handler on
 * an event that changes nothing. Steps run side by side, one thread per CPU.
 *
 * <p>Init never fails because of priming: a step that fails (a table not reachable yet) is logged
 * and run again before a checkpoint ({@link #beforeCheckpoint}, the CRaC hook SnapStart calls).
 * After a restore nothing primed needs refreshing: the JDK's HTTP client (the url-connection
 * client's) drops keep-alive connections idle for more than five seconds, so none opened before the
 * snapshot is reused; the SDK's default credentials chain reads the credentials Lambda gives the
 * restored environment; and the only random source of ours ({@code SecureRandom}, for ids) mixes in
 * the kernel's entropy on every call rather than replaying a seed captured in the snapshot. The
 * afterRestore hook logs the restore, once, so that it shows in the logs.
 */
public final class Priming implements Resource {
  private static final Logger LOG = Logger.getLogger(Priming.class.getName());

  /**
   * The app and user the priming reads ask for. Valid as an id, so the reads take the real path,
   * and only ever read: if an app of that name existed, nothing of it would change.
   */
  public static final String NOBODY = "__priming__";

  private final String function;
  private final Map<String, Action> steps = new LinkedHashMap<>();
  private final List<String> failed = new ArrayList<>(); // in step order

  /** One priming step: anything it throws is logged, never raised. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private Priming(String function) {
    this.function = function;
  }

  public static Priming of(String function) {
    return new Priming(function);
  }

  public Priming step(String name, Action action) {
    steps.put(name, action);
    return this;
  }

  /**
   * Makes sure each client exists now (Quarkus' client beans are built at startup; one a wiring
   * produces itself would otherwise be built by the first event).
   */
  public Priming clients(SdkClient... clients) {
    for (SdkClient client : clients) {
      // Unwrapping a client proxy makes its bean, in the step, beside the others. The step is named
      // after the client's interface: any call on the proxy (serviceName() too) would make the bean
      // here, on the init thread, one client after another.
      step("client " + interfaceName(client), () -> ClientProxy.unwrap(client));
    }
    return this;
  }

  /** The SDK interface a client (or the proxy standing for it) implements: "DynamoDbClient". */
  private static String interfaceName(SdkClient client) {
    for (Class<?> type = client.getClass(); type != null; type = type.getSuperclass()) {
      for (Class<?> implemented : type.getInterfaces()) {
        if (SdkClient.class.isAssignableFrom(implemented)) {
          return implemented.getSimpleName();
        }
      }
    }
    return client.getClass().getSimpleName();
  }

  /**
   * The handler invoked as Lambda invokes it: the event read and the answer written by the object
   * mapper Quarkus' Lambda runtime reads and writes with (so its deserializers are cached for the
   * first event), on a sample event from the class path that reads at most. The Lambda context it
   * sees has two seconds left, so that a handler that budgets its work stops well inside the init
   * phase's limit.
   */
  public <I, O> Priming invoke(RequestHandler<I, O> handler, Class<I> type, String eventResource) {
    return step(
        "invoke " + eventResource,
        () -> {
          byte[] json = resource(eventResource);
          ObjectMapper mapper = AmazonLambdaMapperRecorder.objectMapper;
          I event = mapper.readerFor(type).readValue(json);
          O answer = handler.handleRequest(event, PrimingContext.INSTANCE);
          mapper.writeValueAsBytes(answer);
        });
  }

  /**
   * For scheduled functions, whose every invocation is real work: their event read by the Lambda
   * mapper (its reader built and cached), and nothing invoked.
   */
  public Priming event(Class<?> type, String eventResource) {
    return step(
        "read " + eventResource,
        () ->
            AmazonLambdaMapperRecorder.objectMapper
                .readerFor(type)
                .readValue(resource(eventResource)));
  }

  /**
   * Creates the application-scoped services now (Quarkus makes them on their first call, through a
   * client proxy): their wiring, and the clients they build themselves.
   */
  public Priming built(String name, Object service) {
    return step("build " + name, () -> ClientProxy.unwrap(service));
  }

  /**
   * A read of a profile that does not exist: the DynamoDB client's whole request path (signing, the
   * JSON protocol, the HTTP connection) loaded for functions whose priming event reaches no table.
   * Half a read unit.
   */
  public Priming read(DynamoDbClient dynamo, String profilesTable) {
    return step(
        "read " + profilesTable,
        () ->
            dynamo.getItem(
                b ->
                    b.tableName(profilesTable)
                        .key(Map.of("pk", AttributeValue.fromS(NOBODY + "#" + NOBODY)))));
  }

  /** Runs every step, now, and registers for the checkpoint and restore hooks. */
  public void run() {
    long start = System.nanoTime();
    String took = runSteps(new ArrayList<>(steps.keySet()));
    LOG.log(
        Level.INFO,
        "{0} primed in {1} ms ({2}); {3} failed",
        new Object[] {function, (System.nanoTime() - start) / 1_000_000, took, failed.size()});
    Core.getGlobalContext().register(this);
  }

  /** The steps that failed at init, run again so that the snapshot holds them done. */
  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    runSteps(List.copyOf(failed));
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    LOG.log(Level.INFO, "{0} restored from a snapshot", function);
  }

  /** What failed this time (for the checkpoint hook and the tests). */
  public List<String> failed() {
    return List.copyOf(failed);
  }

  /**
   * Runs the steps side by side on as many threads as there are CPUs (each client loads classes of
   * its own, and a request's wait need not hold up the next); answers how long each took.
   */
  private String runSteps(List<String> names) {
    Map<String, Long> took = new ConcurrentHashMap<>();
    Set<String> failures = ConcurrentHashMap.newKeySet();
    int threads = Math.max(1, Math.min(names.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "priming");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (String name : names) {
        running.add(pool.submit(() -> runStep(name, took, failures)));
      }
      for (Future<?> step : running) {
        step.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // runStep catches what a step throws
    } finally {
      pool.shutdown(); // no thread of ours left in a snapshot
    }
    failed.clear();
    StringBuilder report = new StringBuilder();
    for (String name : names) {
      if (failures.contains(name)) {
        failed.add(name);
      }
      report.append(report.isEmpty() ? "" : ", ").append(name).append(' ');
      report.append(took.getOrDefault(name, -1L)).append(" ms");
    }
    return report.toString();
  }

  private void runStep(String name, Map<String, Long> took, Set<String> failures) {
    long start = System.nanoTime();
    try {
      steps.get(name).run();
    } catch (Exception e) {
      failures.add(name);
      LOG.log(
          Level.WARNING,
          "{0}: priming step \"{1}\" failed ({2}); the first event will do it",
          new Object[] {function, name, e.toString()});
    }
    took.put(name, (System.nanoTime() - start) / 1_000_000);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no priming event " + name + " on the class path");
      }
      return in.readAllBytes();
    }
  }
}
