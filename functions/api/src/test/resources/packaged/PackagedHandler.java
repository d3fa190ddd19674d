import com.amazonaws.services.lambda.runtime.Context;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What AWS's java21 runtime does with a function.zip: the handler of template.yaml, called with
 * the event's bytes. Run by the source launcher on the unpacked zip's classpath, one event per
 * argument (a file), each answer on its own line of stdout after "ANSWER ".
 */
public class PackagedHandler {
  public static void main(String[] args) throws Exception {
    Context context =
        (Context)
            Proxy.newProxyInstance(
                PackagedHandler.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, arguments) ->
                    switch (method.getName()) {
                      case "getAwsRequestId" -> "packaged-" + System.nanoTime();
                      case "getRemainingTimeInMillis" -> 60_000;
                      case "getFunctionName" -> "api";
                      case "getMemoryLimitInMB" -> 1024;
                      default -> null;
                    });
    QuarkusStreamHandler handler = new QuarkusStreamHandler();
    for (String file : args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(Files.readAllBytes(Path.of(file))), out, context);
      System.out.println("ANSWER " + out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
    System.exit(0);
  }
}
