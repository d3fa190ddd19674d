package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import dev.openpush.aws.lambda.KinesisBatches;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.domain.campaign.CampaignEvents;
import dev.openpush.domain.ingest.IncomingRecord;
import jakarta.inject.Named;

/**
 * The events stream in (a second consumer beside ingest), what it means to campaigns out ({@link
 * CampaignEvents}): received, opened and converted counts, and event-triggered messages. A failure
 * throws, and Lambda delivers the batch again, which counts and sends nothing twice.
 */
@Named("campaignEvents")
public class CampaignEventsHandler implements RequestHandler<KinesisEvent, CampaignEvents.Report> {
  private final CampaignEvents campaignEvents;

  public CampaignEventsHandler(CampaignEvents campaignEvents) {
    this.campaignEvents = campaignEvents;
  }

  @Override
  public CampaignEvents.Report handleRequest(KinesisEvent event, Context context) {
    CampaignEvents.Report report =
        campaignEvents.handleRecords(
            KinesisBatches.records(event).stream().map(IncomingRecord::data).toList());
    EmbeddedMetrics.campaignEvents(
        "campaignEvents", report.engaged(), report.converted(), report.triggered());
    return report;
  }
}
