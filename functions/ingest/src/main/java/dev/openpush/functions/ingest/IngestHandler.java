package dev.openpush.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.openpush.aws.lambda.KinesisBatches;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.domain.ingest.BatchOutcome;
import dev.openpush.domain.ingest.IngestService;
import jakarta.inject.Named;

/** Kinesis batch in, partial-batch response out; the work is {@link IngestService}'s. */
@Named("ingest")
public class IngestHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  private final IngestService service;

  public IngestHandler(IngestService service) {
    this.service = service;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    BatchOutcome outcome = service.process(KinesisBatches.records(event));
    EmbeddedMetrics.ingest(outcome);
    return KinesisBatches.response(outcome);
  }
}
