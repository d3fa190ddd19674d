package dev.openpush.aws.sns;

import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.ports.PushGateway;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** Devices as SNS platform endpoints under the app's platform application. */
public final class SnsPushGateway implements PushGateway {
  private final SnsClient sns;
  private final PlatformApplications applications;

  public SnsPushGateway(SnsClient sns, PlatformApplications applications) {
    this.sns = sns;
    this.applications = applications;
  }

  @Override
  public boolean supports(String appId, Platform platform) {
    return applications.arnOf(appId, platform).isPresent();
  }

  @Override
  public String createEndpoint(String appId, Platform platform, String token) {
    String application =
        applications
            .arnOf(appId, platform)
            .orElseThrow(() -> new IllegalStateException("no platform application for " + appId));
    // The same token under the same application answers the endpoint it already has.
    return sns.createPlatformEndpoint(b -> b.platformApplicationArn(application).token(token))
        .endpointArn();
  }

  @Override
  public void updateEndpoint(String endpointArn, String token) {
    sns.setEndpointAttributes(
        b -> b.endpointArn(endpointArn).attributes(Map.of("Token", token, "Enabled", "true")));
  }

  @Override
  public void deleteEndpoint(String endpointArn) {
    try {
      sns.deleteEndpoint(b -> b.endpointArn(endpointArn));
    } catch (NotFoundException gone) {
      // Deleting twice is the same as deleting once.
    }
  }
}
