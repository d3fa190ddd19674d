package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.openpush.aws.Wiring;
import dev.openpush.functions.api.ApiHandler;
import dev.openpush.functions.api.MarketerApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys bound to apps: a key for one app opens nothing of another's (SPEC 7). */
class AppKeysTest {
  private static StackFixture f;
  private static String other;

  @BeforeAll
  static void start() {
    String app = "keys" + System.nanoTime() % 100_000;
    other = "other" + System.nanoTime() % 100_000;
    f = new StackFixture(Duration.ZERO, "shop-key=" + app + "|news,admin-key=*");
    f.apiKey = "admin-key";
    f.call(
        "POST",
        "/v1/apps/" + other + "/segments",
        "{'id':'vip','name':'vip','condition':{'trait':'tier','op':'eq','value':'gold'}}");
    f.call(
        "POST",
        "/v1/apps/" + other + "/events",
        "[{'type':'identify','messageId':'k-1','userId':'ann','timestamp':'"
            + f.clock.now()
            + "','traits':{'tier':'gold'}}]");
    f.stack.awaitIngested(Duration.ofSeconds(60));
    f.stack.sweepNow();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void aKeyForOneAppGetsForbiddenOnEveryEndpointOfAnother() {
    f.apiKey = "shop-key";
    String b = "/v1/apps/" + other;
    List<String[]> calls =
        List.of(
            new String[] {"GET", b + "/segments", null},
            new String[] {
              "POST", b + "/segments", "{'name':'x','condition':{'trait':'a','op':'exists'}}"
            },
            new String[] {
              "POST", b + "/segments/preview", "{'condition':{'trait':'a','op':'exists'}}"
            },
            new String[] {"GET", b + "/segments/vip", null},
            new String[] {
              "PUT", b + "/segments/vip", "{'name':'x','condition':{'trait':'a','op':'exists'}}"
            },
            new String[] {"DELETE", b + "/segments/vip", null},
            new String[] {"GET", b + "/segments/vip/size", null},
            new String[] {"GET", b + "/segments/vip/members", null},
            new String[] {"GET", b + "/users/ann", null},
            new String[] {"GET", b + "/users/ann/export", null},
            new String[] {"GET", b + "/users/ann/segments/vip/explain", null},
            new String[] {"DELETE", b + "/users/ann", null},
            new String[] {"POST", b + "/events", "[]"});
    for (String[] call : calls) {
      var answer = f.call(call[0], call[1], call[2]);
      assertThat(answer.status()).as(call[0] + " " + call[1]).isEqualTo(403);
      assertThat(answer.body().get("error").asText()).isEqualTo("forbidden");
    }
    f.apiKey = "admin-key";
    assertThat(f.call("GET", b + "/users/ann", null).status()).isEqualTo(200);
    assertThat(f.call("GET", b + "/segments/vip/members", null).body().get("userIds").toString())
        .contains("ann");
  }

  @Test
  void aKeyWorksOnItsOwnAppsAndNoKeyOrAWrongKeyOnNone() {
    f.apiKey = "shop-key";
    assertThat(f.call("GET", "/v1/apps/news/segments", null).status()).isEqualTo(200);
    f.apiKey = null;
    assertThat(f.call("GET", "/v1/apps/news/segments", null).status()).isEqualTo(403);
    f.apiKey = "shop-key-but-longer";
    assertThat(f.call("GET", "/v1/apps/news/segments", null).status()).isEqualTo(403);
    f.apiKey = "admin-key";
  }

  /**
   * A caller API Gateway authenticated with SigV4 (the IAM API of the template) is limited by its
   * IAM policy, not by keys: the handler lets it through without one, and only it.
   */
  @Test
  void aSigV4CallerNeedsNoKeyAndAnUnsignedOneDoes() {
    ApiHandler handler =
        new ApiHandler(
            new MarketerApi(
                f.stack.clients.dynamo(),
                f.stack.clients.s3(),
                f.stack.clients.sns(),
                f.stack.clients.sqs(),
                Wiring.eventPublisher(f.stack.clients.kinesis(), f.stack.apiSettings),
                f.stack.apiSettings,
                f.clock));
    APIGatewayProxyRequestEvent.RequestIdentity signer =
        new APIGatewayProxyRequestEvent.RequestIdentity()
            .withUserArn("arn:aws:iam::123456789012:user/marketer");

    var signed =
        handler.handleRequest(
            new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withPath("/v1/apps/" + other + "/users/ann")
                .withRequestContext(
                    new APIGatewayProxyRequestEvent.ProxyRequestContext().withIdentity(signer)),
            null);
    var unsigned =
        handler.handleRequest(
            new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withPath("/v1/apps/" + other + "/users/ann")
                .withRequestContext(
                    new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity())),
            null);

    assertThat(signed.getStatusCode()).isEqualTo(200);
    assertThat(unsigned.getStatusCode()).isEqualTo(403);
  }
}
