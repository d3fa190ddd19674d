package dev.openpush.domain.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Campaigns in a map by id, for the sender's tests. */
final class MapCampaigns implements CampaignRepository {
  private final Map<String, Campaign> campaigns;

  MapCampaigns(Map<String, Campaign> campaigns) {
    this.campaigns = campaigns;
  }

  @Override
  public Optional<Campaign> find(String appId, String id) {
    return Optional.ofNullable(campaigns.get(id));
  }

  @Override
  public Page list(String appId, String cursor, int limit) {
    return new Page(List.copyOf(campaigns.values()), null);
  }

  @Override
  public void create(Campaign campaign) {
    campaigns.put(campaign.id(), campaign);
  }

  @Override
  public void replace(Campaign campaign) {
    campaigns.put(campaign.id(), campaign);
  }

  @Override
  public void delete(String appId, String id) {
    campaigns.remove(id);
  }
}
