package dev.openpush.domain.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsError;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.ValueResolver;
import com.github.jknack.handlebars.io.AbstractTemplateLoader;
import com.github.jknack.handlebars.io.TemplateSource;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Compiles and renders message templates with Handlebars (jknack's Java port): plain text out, no
 * HTML escaping (a push is not a web page; JSON escaping happens where the payload is built), and
 * the {@code default} helper for a variable that has no value: {@code {{default traits.firstName
 * "there"}}}.
 *
 * <p>Templates see only the render model (a JSON object with {@code traits}, {@code computed},
 * {@code context} and {@code event}): no partials are loaded, no Java object is reachable through
 * reflection, so a marketer's text cannot read anything else.
 */
public final class TemplateEngine {
  private static final String RENDER = "openpush.render";
  private static final JsonNode EMPTY =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

  private final Handlebars handlebars =
      new Handlebars(new NoPartials())
          .with(EscapingStrategy.NOOP)
          .registerHelper("default", TemplateEngine::withFallback);

  /** A template's fields compiled: what a campaign run renders for each of its users. */
  public record Compiled(
      Template title, Template body, Template deepLink, Map<String, Template> data) {}

  public Compiled compile(MessageTemplate template) throws InvalidTemplateException {
    Map<String, Template> data = new LinkedHashMap<>();
    for (Map.Entry<String, String> value : template.data().entrySet()) {
      data.put(value.getKey(), compile("data." + value.getKey(), value.getValue()));
    }
    return new Compiled(
        compile("title", template.title()),
        compile("body", template.body()),
        template.deepLink() == null ? null : compile("deepLink", template.deepLink()),
        data);
  }

  /**
   * Compiles one field and renders it once over an empty model, so that what fails only when
   * rendered (a partial, which loads nothing here) is refused now, not at send time.
   */
  private Template compile(String field, String text) throws InvalidTemplateException {
    try {
      Template compiled = handlebars.compileInline(text);
      compiled.apply(
          Context.newBuilder(new Scope(EMPTY, "", new Render()))
              .resolver(ScopeResolver.INSTANCE)
              .build());
      return compiled;
    } catch (HandlebarsException e) {
      HandlebarsError error = e.getError();
      if (error == null) {
        throw new InvalidTemplateException(field, 1, 1, String.valueOf(e.getMessage()));
      }
      throw new InvalidTemplateException(field, error.line, error.column, error.reason);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders every field for one user. {@code model} is the JSON object templates see. */
  public RenderedMessage render(Compiled compiled, JsonNode model) {
    Render render = new Render();
    Context context =
        Context.newBuilder(new Scope(model, "", render)).resolver(ScopeResolver.INSTANCE).build();
    context.data(RENDER, render);
    try {
      Map<String, String> data = new LinkedHashMap<>();
      for (Map.Entry<String, Template> value : compiled.data().entrySet()) {
        data.put(value.getKey(), value.getValue().apply(context));
      }
      return new RenderedMessage(
          compiled.title().apply(context),
          compiled.body().apply(context),
          compiled.deepLink() == null ? null : compiled.deepLink().apply(context),
          data,
          new ArrayList<>(render.fallbacks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      context.destroy();
    }
  }

  /**
   * {@code {{default path "fallback"}}}: the value at path, or the fallback when it has none
   * (absent, null or empty), noting the path among the fallbacks used.
   */
  private static Object withFallback(Object value, Options options) {
    boolean missing = value == null || value instanceof CharSequence text && text.isEmpty();
    if (!missing) {
      return value;
    }
    Render render = options.data(RENDER);
    if (render != null && render.lastPath != null) {
      render.fallbacks.add(render.lastPath);
    }
    Object fallback = options.param(0, "");
    return fallback == null ? "" : fallback;
  }

  /** One rendering's notes: the path looked up last (a helper's first parameter) and fallbacks. */
  private static final class Render {
    private String lastPath;
    private final Set<String> fallbacks = new LinkedHashSet<>();
  }

  /** A JSON object or array in the model, knowing its path so that lookups can be named. */
  private record Scope(JsonNode node, String path, Render render) {
    Object child(String name) {
      String childPath = path.isEmpty() ? name : path + "." + name;
      render.lastPath = childPath;
      JsonNode child = node.isArray() ? arrayElement(name) : node.get(name);
      return value(child, childPath, render);
    }

    private JsonNode arrayElement(String name) {
      try {
        return node.get(Integer.parseInt(name));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    static Object value(JsonNode node, String path, Render render) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return null;
      }
      if (node.isContainerNode()) {
        return new Scope(node, path, render);
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isIntegralNumber()) {
        return node.bigIntegerValue();
      }
      if (node.isNumber()) {
        // 49.5, not 4.95E+1 or 49.50.
        return node.decimalValue().stripTrailingZeros().toPlainString();
      }
      return node.asText();
    }

    @Override
    public String toString() {
      return node.toString();
    }
  }

  /** The only way templates read values: from {@link Scope}s, never from Java objects. */
  private enum ScopeResolver implements ValueResolver {
    INSTANCE;

    @Override
    public Object resolve(Object context, String name) {
      return context instanceof Scope scope ? scope.child(name) : UNRESOLVED;
    }

    @Override
    public Object resolve(Object context) {
      return context instanceof Scope ? context : UNRESOLVED;
    }

    @Override
    public Set<Map.Entry<String, Object>> propertySet(Object context) {
      Set<Map.Entry<String, Object>> entries = new LinkedHashSet<>();
      if (context instanceof Scope scope && scope.node().isObject()) {
        scope
            .node()
            .properties()
            .forEach(
                field ->
                    entries.add(
                        new AbstractMap.SimpleImmutableEntry<>(
                            field.getKey(),
                            Scope.value(
                                field.getValue(),
                                scope.path() + "." + field.getKey(),
                                scope.render()))));
      }
      return entries;
    }
  }

  /** Partials ({@code {{> name}}}) load nothing: a template is one text, not a file system path. */
  private static final class NoPartials extends AbstractTemplateLoader {
    @Override
    public TemplateSource sourceAt(String location) throws IOException {
      throw new FileNotFoundException("partials are not supported: " + location);
    }
  }
}
