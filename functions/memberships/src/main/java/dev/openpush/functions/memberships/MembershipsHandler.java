package dev.openpush.functions.memberships;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.openpush.aws.lambda.ProfileStreamRecords;
import dev.openpush.aws.metrics.EmbeddedMetrics;
import dev.openpush.domain.memberships.MembershipProjection;
import dev.openpush.domain.memberships.StoredMemberships;
import jakarta.inject.Named;
import java.util.List;

/**
 * The profile table's stream in, member items out ({@link MembershipProjection}). A failure throws:
 * Lambda retries the batch from its start (the projection is idempotent and in order), so nothing
 * is skipped while DynamoDB is unavailable.
 */
@Named("memberships")
public class MembershipsHandler
    implements RequestHandler<DynamodbEvent, MembershipsHandler.Report> {

  /** What one batch did. */
  public record Report(int profileWrites, int memberItems) {}

  private final MembershipProjection projection;

  public MembershipsHandler(MembershipProjection projection) {
    this.projection = projection;
  }

  @Override
  public Report handleRequest(DynamodbEvent event, Context context) {
    List<StoredMemberships> writes = ProfileStreamRecords.memberships(event);
    int items = projection.project(writes);
    EmbeddedMetrics.memberships(writes.size(), items);
    return new Report(writes.size(), items);
  }
}
