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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The profile table's stream in, member items out ({@link MembershipProjection}). A failure to
 * write throws: Lambda retries the batch from its start (the projection is idempotent and in
 * order), so nothing is skipped while DynamoDB is unavailable. A profile write whose stored
 * memberships cannot be read is logged and counted, not retried.
 */
@Named("memberships")
public class MembershipsHandler
    implements RequestHandler<DynamodbEvent, MembershipsHandler.Report> {

  /** What one batch did. */
  public record Report(int profileWrites, int memberItems, int undecodable) {}

  private static final Logger LOG = Logger.getLogger(MembershipsHandler.class.getName());

  private final MembershipProjection projection;

  public MembershipsHandler(MembershipProjection projection) {
    this.projection = projection;
  }

  @Override
  public Report handleRequest(DynamodbEvent event, Context context) {
    ProfileStreamRecords.Batch batch = ProfileStreamRecords.read(event);
    for (String key : batch.undecodable()) {
      // Loud, and not retried: the profile item is the truth; its next write projects again.
      LOG.log(Level.SEVERE, "damaged memberships on profile {0}: member items not updated", key);
    }
    List<StoredMemberships> writes = batch.writes();
    int items = projection.project(writes);
    EmbeddedMetrics.memberships(writes.size(), items, batch.undecodable().size());
    return new Report(writes.size(), items, batch.undecodable().size());
  }
}
