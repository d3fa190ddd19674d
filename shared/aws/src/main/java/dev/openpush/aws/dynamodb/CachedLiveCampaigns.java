package dev.openpush.aws.dynamodb;

import dev.openpush.domain.campaign.Campaign;
import dev.openpush.domain.campaign.CampaignRepository;
import dev.openpush.domain.campaign.LiveCampaigns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An app's launched campaigns, read page by page and kept for a short while, so that a stream
 * consumer reads them once a minute, not once per batch. Ages are on the monotonic clock.
 */
public final class CachedLiveCampaigns implements LiveCampaigns {
  private record Entry(List<Campaign> campaigns, long loadedAtNanos) {}

  private static final int PAGE = 1_000;

  private final CampaignRepository repository;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public CachedLiveCampaigns(CampaignRepository repository, Duration maxAge) {
    this.repository = repository;
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public List<Campaign> of(String appId) {
    long now = System.nanoTime();
    Entry entry = cache.get(appId);
    if (entry == null || now - entry.loadedAtNanos > maxAgeNanos) {
      entry = new Entry(load(appId), now);
      cache.put(appId, entry);
    }
    return entry.campaigns;
  }

  private List<Campaign> load(String appId) {
    List<Campaign> live = new ArrayList<>();
    String cursor = null;
    do {
      CampaignRepository.Page page = repository.list(appId, cursor, PAGE);
      for (Campaign campaign : page.campaigns()) {
        if (campaign.runId() != null) {
          live.add(campaign);
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return List.copyOf(live);
  }
}
