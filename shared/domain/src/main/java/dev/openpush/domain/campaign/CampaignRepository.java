package dev.openpush.domain.campaign;

import java.util.List;
import java.util.Optional;

/** Stored campaigns. Writes are conditional on the version read. */
public interface CampaignRepository {
  record Page(List<Campaign> campaigns, String nextCursor) {}

  Optional<Campaign> find(String appId, String campaignId);

  Page list(String appId, String cursor, int limit);

  /**
   * @throws dev.openpush.domain.ports.ConcurrentUpdateException if the id exists
   */
  void create(Campaign campaign);

  /**
   * Stores {@code campaign} as version {@code campaign.version() + 1} if the stored version is
   * still {@code campaign.version()}.
   *
   * @throws dev.openpush.domain.ports.ConcurrentUpdateException otherwise
   */
  void replace(Campaign campaign);

  void delete(String appId, String campaignId);
}
