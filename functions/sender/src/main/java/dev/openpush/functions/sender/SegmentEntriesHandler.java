package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.openpush.aws.lambda.MemberStreamRecords;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.domain.campaign.CampaignEvents;
import jakarta.inject.Named;

/**
 * The membership change feed (the memberships table's stream) in, the messages of campaigns
 * triggered by segment entry queued. A failure throws: the batch is delivered again, and each
 * entry's message is identified by its segment and entry time, so nothing goes twice.
 */
@Named("segmentEntries")
public class SegmentEntriesHandler implements RequestHandler<DynamodbEvent, Integer> {
  private final CampaignEvents campaignEvents;

  public SegmentEntriesHandler(CampaignEvents campaignEvents) {
    this.campaignEvents = campaignEvents;
  }

  @Override
  public Integer handleRequest(DynamodbEvent event, Context context) {
    int queued = campaignEvents.entered(MemberStreamRecords.entries(event));
    EmbeddedMetrics.campaignEvents("segmentEntries", 0, 0, queued);
    return queued;
  }
}
