package dev.openpush.functions.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.lambda.Budget;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.domain.sweep.SweepService;
import jakarta.inject.Named;
import java.time.Duration;

/** One scheduled run of the sweep, leaving a safety margin before the function's timeout. */
@Named("sweep")
public class SweepHandler implements RequestHandler<ScheduledEvent, SweepService.Report> {
  private static final Duration MARGIN = Duration.ofSeconds(20);

  private final SweepService service;

  public SweepHandler(SweepService service) {
    this.service = service;
  }

  @Override
  public SweepService.Report handleRequest(ScheduledEvent event, Context context) {
    SweepService.Report report = service.run(Budget.of(context, MARGIN));
    EmbeddedMetrics.sweep(report);
    return report;
  }
}
