package dev.openpush.domain.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.delivery.PushPayload;
import dev.openpush.domain.profile.Profile;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates templates (refusing what would fail at send time: text that does not parse, a payload
 * that cannot fit even with every variable empty, data keys the payload uses itself) and renders
 * them for one user.
 */
public final class Templates {
  private final TemplateRepository repository;
  private final TemplateEngine engine;
  private final Clock clock;

  public Templates(TemplateRepository repository, TemplateEngine engine, Clock clock) {
    this.repository = repository;
    this.engine = engine;
    this.clock = clock;
  }

  /** A template the contract refuses, with the reason for the client. */
  public static final class RefusedTemplateException extends RuntimeException {
    private final String code;

    public RefusedTemplateException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** What a marketer sends to create a template; a null id asks for a generated one. */
  public record Draft(
      String id,
      String name,
      String title,
      String body,
      String deepLink,
      Map<String, String> data) {}

  public MessageTemplate create(String appId, Draft draft) {
    for (String key : draft.data().keySet()) {
      if (PushPayload.RESERVED_DATA_KEYS.contains(key)) {
        throw new RefusedTemplateException(
            "invalid_template", "data." + key + ": the payload uses this key itself");
      }
    }
    Instant now = clock.instant();
    MessageTemplate template =
        new MessageTemplate(
            appId,
            draft.id() != null ? draft.id() : "tpl-" + UUID.randomUUID(),
            draft.name(),
            draft.title(),
            draft.body(),
            draft.deepLink(),
            draft.data(),
            1,
            now,
            now);
    TemplateEngine.Compiled compiled;
    try {
      compiled = engine.compile(template);
    } catch (InvalidTemplateException e) {
      throw new RefusedTemplateException("invalid_template", e.getMessage());
    }
    RenderedMessage bare = engine.render(compiled, dev.openpush.domain.json.Json.object());
    for (Platform platform : Platform.values()) {
      // Shortening can cut title and body to nothing; what stays (deep link, data) must fit.
      if (PushPayload.forDevice(platform, bare, new PushPayload.Attribution("c", "r", "v"))
          .isEmpty()) {
        throw new RefusedTemplateException(
            "template_too_large",
            "the deep link and data alone exceed the "
                + PushPayload.MAX_BYTES
                + " bytes a push payload may take on "
                + platform.name());
      }
    }
    repository.create(template);
    return template;
  }

  public Optional<MessageTemplate> find(String appId, String templateId) {
    return repository.find(appId, templateId);
  }

  public TemplateRepository.Page list(String appId, String cursor, int limit) {
    return repository.list(appId, cursor, limit);
  }

  /** The template rendered for one user, with the fallbacks it used. */
  public RenderedMessage render(MessageTemplate template, Profile user, JsonNode event) {
    try {
      return engine.render(engine.compile(template), RenderModel.of(user, event, clock.instant()));
    } catch (InvalidTemplateException e) {
      // Stored templates compiled when they were created.
      throw new IllegalStateException("stored template " + template.id() + " does not compile", e);
    }
  }
}
