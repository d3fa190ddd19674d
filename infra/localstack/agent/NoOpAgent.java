/**
 * LocalStack starts DynamoDB Local with {@code -javaagent:ddb-local-loader-0.1.jar}, an agent it
 * downloads from a CDN that only lifts DynamoDB Local's limit of 20 indexes per table. That CDN is
 * out of reach here, so bin/install-tools builds this agent in its place: it does nothing, and
 * DynamoDB's own limits apply, as they do in AWS.
 */
public final class NoOpAgent {
  private NoOpAgent() {}

  public static void premain(String arguments) {}
}
