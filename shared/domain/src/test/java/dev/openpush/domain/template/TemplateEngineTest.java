package dev.openpush.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TemplateEngine ENGINE = new TemplateEngine();
  private static final Instant T = Instant.parse("2026-11-20T12:00:00Z");

  private static MessageTemplate template(String title, String body) {
    return new MessageTemplate("shop", "t1", "cart", title, body, null, Map.of(), 1, T, T);
  }

  private static JsonNode model(String json) throws Exception {
    return JSON.readTree(json);
  }

  private static RenderedMessage render(MessageTemplate template, String model) throws Exception {
    return ENGINE.render(ENGINE.compile(template), model(model));
  }

  @Test
  void variablesComeFromTraitsComputedValuesContextAndTheTriggeringEvent() throws Exception {
    MessageTemplate cart =
        new MessageTemplate(
            "shop",
            "t1",
            "cart",
            "{{traits.firstName}}, still thinking?",
            "{{event.properties.sku}} is waiting in {{context.city}}; you spent {{computed.monetary90d}} ({{computed.orders}} orders)",
            "shop://cart/{{event.properties.sku}}",
            Map.of("sku", "{{event.properties.sku}}"),
            1,
            T,
            T);

    RenderedMessage rendered =
        render(
            cart,
            """
            {"traits": {"firstName": "Lea"}, "computed": {"monetary90d": 49.50, "orders": 3},
             "context": {"city": "Berlin"}, "event": {"properties": {"sku": "SKU-9"}}}""");

    assertThat(rendered.title()).isEqualTo("Lea, still thinking?");
    assertThat(rendered.body()).isEqualTo("SKU-9 is waiting in Berlin; you spent 49.5 (3 orders)");
    assertThat(rendered.deepLink()).isEqualTo("shop://cart/SKU-9");
    assertThat(rendered.data()).containsExactly(Map.entry("sku", "SKU-9"));
    assertThat(rendered.fallbacks()).isEmpty();
  }

  @Test
  void aMissingOrEmptyValueTakesItsFallbackAndIsListed() throws Exception {
    MessageTemplate hello =
        template(
            "Hi {{default traits.firstName \"there\"}}",
            "{{default traits.nickname \"friend\"}} from {{default context.city \"your city\"}}");

    RenderedMessage missing = render(hello, "{\"traits\": {\"nickname\": \"\"}, \"context\": {}}");
    RenderedMessage present =
        render(
            hello,
            "{\"traits\": {\"firstName\": \"Max\", \"nickname\": \"M\"}, \"context\": {\"city\": \"Köln\"}}");

    assertThat(missing.title()).isEqualTo("Hi there");
    assertThat(missing.body()).isEqualTo("friend from your city");
    assertThat(missing.fallbacks())
        .containsExactly("traits.firstName", "traits.nickname", "context.city");
    assertThat(present.title()).isEqualTo("Hi Max");
    assertThat(present.body()).isEqualTo("M from Köln");
    assertThat(present.fallbacks()).isEmpty();
  }

  @Test
  void outputIsPlainTextNeverHtmlEscaped() throws Exception {
    RenderedMessage rendered =
        render(
            template("{{traits.name}}", "{{{traits.name}}} & {{traits.name}}"),
            "{\"traits\": {\"name\": \"Tom & <Jerry> \\\"quoted\\\" 'single' \\\\ 😀\"}}");

    assertThat(rendered.title()).isEqualTo("Tom & <Jerry> \"quoted\" 'single' \\ 😀");
    assertThat(rendered.body())
        .isEqualTo(
            "Tom & <Jerry> \"quoted\" 'single' \\ 😀 & Tom & <Jerry> \"quoted\" 'single' \\ 😀");
  }

  @Test
  void aTemplateThatDoesNotParseIsRefusedWithFieldLineAndColumn() {
    assertThatThrownBy(() -> ENGINE.compile(template("Hi {{traits.firstName", "ok")))
        .isInstanceOfSatisfying(
            InvalidTemplateException.class,
            e -> {
              assertThat(e.field()).isEqualTo("title");
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.column()).isGreaterThan(1);
              assertThat(e.getMessage()).startsWith("title: line 1, column ");
            });
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                InvalidTemplateException.class,
                () -> ENGINE.compile(template("fine", "first line\n{{#if traits.vip}}VIP"))))
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("body");
              assertThat(e.line()).isEqualTo(2);
            });
  }

  @Test
  void templatesReachNothingButTheirModel() throws Exception {
    RenderedMessage rendered =
        render(
            template("[{{traits.class}}][{{traits.name.bytes}}][{{this.getClass}}]", "body"),
            "{\"traits\": {\"name\": \"Lea\"}}");

    assertThat(rendered.title()).isEqualTo("[][][]");
    assertThatThrownBy(() -> ENGINE.compile(template("title", "[{{> secrets}}]")))
        .isInstanceOf(InvalidTemplateException.class)
        .hasMessageContaining("body: line 1");
  }
}
