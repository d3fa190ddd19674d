package dev.openpush.domain.template;

import java.util.List;
import java.util.Optional;

/** Stored message templates. */
public interface TemplateRepository {
  /** A page of an app's templates and the cursor of the next page (null at the end). */
  record Page(List<MessageTemplate> templates, String nextCursor) {}

  Optional<MessageTemplate> find(String appId, String templateId);

  Page list(String appId, String cursor, int limit);

  /**
   * @throws dev.openpush.domain.ports.ConcurrentUpdateException if the id exists
   */
  void create(MessageTemplate template);
}
