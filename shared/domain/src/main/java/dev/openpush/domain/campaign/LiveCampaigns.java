package dev.openpush.domain.campaign;

import java.util.List;

/**
 * An app's launched campaigns (those with a run), as the stream consumers read them on every batch:
 * a cached view is fine, a campaign launched a minute ago may be missed for that minute.
 */
@FunctionalInterface
public interface LiveCampaigns {
  List<Campaign> of(String appId);
}
