package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.domain.campaign.CampaignClock;
import jakarta.inject.Named;

/** Every minute (an EventBridge schedule): starts the runs of recurring campaigns now due. */
@Named("campaignClock")
public class CampaignClockHandler implements RequestHandler<ScheduledEvent, Integer> {
  private final CampaignClock clock;

  public CampaignClockHandler(CampaignClock clock) {
    this.clock = clock;
  }

  @Override
  public Integer handleRequest(ScheduledEvent event, Context context) {
    return clock.tick();
  }
}
