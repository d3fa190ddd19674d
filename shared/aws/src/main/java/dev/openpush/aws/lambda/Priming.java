package dev.openpush.aws.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * its first event finds everything built: the SDK clients created (their HTTP stack, marshallers,
 * signer and endpoint rules loaded by a harmless read), Jackson's readers and writers for the
 * function's event types built, and the function's own code path loaded, by invoking the handler
 * through the same Quarkus entry point Lambda uses, with an event that changes nothing.
 *
 * <p>Init never fails because of priming: a step that fails (a table not reachable yet) is logged
 * and run again before a checkpoint. After a restore nothing primed needs refreshing: the
 * url-connection client drops keep-alive connections idle for more than five seconds (so none
 * opened before the snapshot is reused), the SDK's default credentials provider re-reads the
 * credentials Lambda gives the restored environment, and the only random source of ours ({@code
 * SecureRandom}, for ids) reads the kernel's entropy on every call rather than a seed captured in
 * the snapshot. The afterRestore hook logs the restore, once, so that it shows in the logs.
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
  private final List<String> failed = new ArrayList<>();

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
   * Creates each client now: Quarkus makes client beans on their first method call, which would
   * otherwise be the first event's.
   */
  public Priming clients(SdkClient... clients) {
    for (SdkClient client : clients) {
      step("client " + client.serviceName(), client::serviceName);
    }
    return this;
  }

  /**
   * The handler invoked as Lambda invokes it: the event read and the answer written by the object
   * mapper Quarkus' Lambda runtime reads and writes with (so its deserializers are cached for the
   * first event), with a sample event from the class path that reads at most. Scheduled functions,
   * whose priming event is one real run, see a Lambda context with two seconds left (their {@link
   * Budget} is then a second), so that priming stays well inside the init phase's limit.
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

  /** Runs the steps; answers how long each took, for the log. */
  private String runSteps(List<String> names) {
    failed.clear();
    StringBuilder took = new StringBuilder();
    for (String name : names) {
      long start = System.nanoTime();
      try {
        steps.get(name).run();
      } catch (Exception e) {
        failed.add(name);
        LOG.log(
            Level.WARNING,
            "{0}: priming step \"{1}\" failed ({2}); the first event will do it",
            new Object[] {function, name, e.toString()});
      }
      took.append(took.isEmpty() ? "" : ", ")
          .append(name)
          .append(' ')
          .append((System.nanoTime() - start) / 1_000_000)
          .append(" ms");
    }
    return took.toString();
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
