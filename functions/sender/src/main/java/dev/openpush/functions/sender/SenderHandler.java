package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.aws.sqs.SendTasks;
import dev.openpush.domain.campaign.CampaignSender;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The send queue in, push messages out ({@link CampaignSender}). Each message is a task, handled on
 * its own: a task that fails is reported back (partial batch response) and retried by SQS, then
 * moved to the dead-letter queue after the template's receive count; the others are done. Every
 * task is idempotent per run and user, so a retry sends nothing twice.
 */
@Named("sender")
public class SenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = Logger.getLogger(SenderHandler.class.getName());

  private final CampaignSender sender;

  public SenderHandler(CampaignSender sender) {
    this.sender = sender;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    CampaignSender.Report total = new CampaignSender.Report(0, 0, 0, 0, 0, 0);
    int poison = 0;
    for (SQSEvent.SQSMessage message :
        event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
      try {
        total = total.plus(sender.handle(SendTasks.fromJson(message.getBody())));
      } catch (SendTasks.MalformedTaskException e) {
        // Retried like any failure, then dead-lettered with its body for a person to read.
        poison++;
        LOG.log(
            Level.SEVERE,
            "message {0} is not a send task ({1})",
            new Object[] {message.getMessageId(), e.getMessage()});
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "send task " + message.getMessageId() + " failed; SQS retries it", e);
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    EmbeddedMetrics.sender(
        total.sent(),
        total.failed(),
        total.suppressed(),
        total.holdout(),
        total.deferred(),
        failures.size(),
        poison);
    return new SQSBatchResponse(failures);
  }
}
