package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Templates through the API on the emulators: created only if they can be sent, rendered per user.
 */
class TemplatesTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String templates() {
    return "/v1/apps/" + f.app + "/templates";
  }

  @Test
  void aTemplateIsRenderedForOneUserWithTheFallbacksItUsed() {
    f.putAndAwait(
        List.of(
            f.identify("lea", f.clock.now(), "{'firstName':'Lea & <Co>'}"),
            f.track("lea", "Order Completed", f.clock.now(), "{'revenue':49.5}")));
    var created =
        f.call(
            "POST",
            templates(),
            "{'id':'cart','name':'Cart','title':'{{traits.firstName}}, your cart',"
                + "'body':'{{event.properties.sku}} for {{default traits.nickname \\\"you\\\"}}; spent {{computed.monetary90d}}',"
                + "'deepLink':'shop://cart/{{event.properties.sku}}','data':{'sku':'{{event.properties.sku}}'}}");

    var rendered =
        f.call(
            "POST",
            templates() + "/cart/render",
            "{'userId':'lea','event':{'properties':{'sku':'SKU-9'}}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("id").asText()).isEqualTo("cart");
    assertThat(created.body().get("version").asLong()).isEqualTo(1);
    assertThat(rendered.status()).isEqualTo(200);
    JsonNode out = rendered.body();
    assertThat(out.get("title").asText()).isEqualTo("Lea & <Co>, your cart");
    assertThat(out.get("body").asText()).isEqualTo("SKU-9 for you; spent 49.5");
    assertThat(out.get("deepLink").asText()).isEqualTo("shop://cart/SKU-9");
    assertThat(out.at("/data/sku").asText()).isEqualTo("SKU-9");
    assertThat(out.get("fallbacks")).hasSize(1);
    assertThat(out.at("/fallbacks/0").asText()).isEqualTo("traits.nickname");
    assertThat(f.call("GET", templates() + "/cart", null).body().get("title").asText())
        .isEqualTo("{{traits.firstName}}, your cart");
    assertThat(
            f.call("POST", templates(), "{'id':'cart','name':'x','title':'t','body':'b'}").status())
        .isEqualTo(409);
  }

  @Test
  void templatesThatCannotBeSentAreRefusedWithAReason() {
    var unparsed =
        f.call(
            "POST",
            templates(),
            "{'name':'x','title':'ok','body':'line one\\nHi {{#if traits.vip}}VIP'}");
    assertThat(unparsed.status()).isEqualTo(400);
    assertThat(unparsed.body().get("error").asText()).isEqualTo("invalid_template");
    assertThat(unparsed.body().get("message").asText()).contains("body: line 2, column");

    var reserved =
        f.call(
            "POST", templates(), "{'name':'x','title':'t','body':'b','data':{'campaignId':'1'}}");
    assertThat(reserved.status()).isEqualTo(400);
    assertThat(reserved.body().get("error").asText()).isEqualTo("invalid_template");

    StringBuilder data = new StringBuilder("{");
    for (int i = 0; i < 3; i++) {
      data.append(i == 0 ? "" : ",")
          .append("'k")
          .append(i)
          .append("':'")
          .append("x".repeat(2_000))
          .append("'");
    }
    var tooLarge =
        f.call("POST", templates(), "{'name':'x','title':'t','body':'b','data':" + data + "}}");
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.body().get("error").asText()).isEqualTo("template_too_large");

    assertThat(f.call("POST", templates(), "{'name':'','title':'t','body':'b'}").status())
        .isEqualTo(400);
    assertThat(f.call("POST", templates(), "{'name':'x','title':7,'body':'b'}").status())
        .isEqualTo(400);
    assertThat(f.call("POST", templates(), "{'name':'x','title':'t'}").status()).isEqualTo(400);
    assertThat(
            f.call(
                    "POST",
                    templates(),
                    "{'name':'x','title':'" + "t".repeat(4_097) + "','body':'b'}")
                .status())
        .isEqualTo(400);
    assertThat(
            f.call("POST", templates(), "{'id':'../x','name':'x','title':'t','body':'b'}").status())
        .isEqualTo(400);
    assertThat(
            f.send("POST", templates(), "text/plain", "{}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(415);
  }

  @Test
  void renderingForSomeoneOrSomethingUnknownIsANotFound() {
    f.call("POST", templates(), "{'id':'hello','name':'Hello','title':'Hi','body':'there'}");

    assertThat(f.call("POST", templates() + "/hello/render", "{'userId':'nobody'}").status())
        .isEqualTo(404);
    assertThat(f.call("POST", templates() + "/nothing/render", "{'userId':'lea'}").status())
        .isEqualTo(404);
    assertThat(f.call("POST", templates() + "/hello/render", "{'userId':7}").status())
        .isEqualTo(400);
    assertThat(
            f.call("POST", templates() + "/hello/render", "{'userId':'lea','event':[1]}").status())
        .isEqualTo(400);
  }

  @Test
  void templatesArePagedWithCursorsThatFitNoOtherList() {
    for (int i = 0; i < 3; i++) {
      f.call("POST", templates(), "{'id':'page-" + i + "','name':'P','title':'t','body':'b'}");
    }

    var first = f.call("GET", templates() + "?limit=1", null).body();
    var second =
        f.call("GET", templates() + "?limit=1&cursor=" + first.get("nextCursor").asText(), null)
            .body();

    assertThat(first.get("items")).hasSize(1);
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.at("/items/0/id").asText()).isNotEqualTo(first.at("/items/0/id").asText());
    assertThat(f.call("GET", templates() + "?cursor=forged", null).status()).isEqualTo(400);
    assertThat(
            f.call(
                    "GET",
                    "/v1/apps/" + f.app + "/segments?cursor=" + first.get("nextCursor").asText(),
                    null)
                .status())
        .isEqualTo(400);
  }
}
