package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.lambda.Budget;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.domain.engagement.EngagementScoring;
import jakarta.inject.Named;
import java.time.Duration;

/**
 * On an EventBridge schedule: scores the engagement windows of the users whose engagement changed,
 * leaving a margin before the function's timeout.
 */
@Named("engagementScoring")
public class EngagementScoringHandler
    implements RequestHandler<ScheduledEvent, EngagementScoring.Report> {
  private static final Duration MARGIN = Duration.ofSeconds(15);

  private final EngagementScoring scoring;

  public EngagementScoringHandler(EngagementScoring scoring) {
    this.scoring = scoring;
  }

  @Override
  public EngagementScoring.Report handleRequest(ScheduledEvent event, Context context) {
    EngagementScoring.Report report = scoring.run(Budget.of(context, MARGIN));
    EmbeddedMetrics.engagementScoring(report.scored(), report.byModel(), report.byFallback());
    return report;
  }
}
