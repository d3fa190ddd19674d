package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;

/** What a triggered campaign checks when its delay is over, and what its templates read. */
final class Triggers {
  private Triggers() {}

  /**
   * Whether the user left before the campaign fired: no longer a member of its segment (SPEC: "a
   * triggered campaign with a segmentId sends only to users who are members when it fires"), or its
   * exit event arrived at or after the trigger ("Product Added, then no Order Completed").
   */
  static boolean leftBeforeFiring(Campaign campaign, SendTask.Trigger trigger, Profile profile) {
    if (profile == null || !profile.memberships().isMember(campaign.segmentId())) {
      return true;
    }
    if (campaign.schedule() instanceof Schedule.Triggered triggered
        && triggered.exitOnEvent() != null) {
      for (StoredEvent event : profile.events(triggered.exitOnEvent())) {
        if (!event.at().isBefore(trigger.at())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The triggering event as templates read it ({@code event.properties.sku}); null if none. */
  static JsonNode eventModel(SendTask.Trigger trigger) {
    if (trigger == null || trigger.properties() == null) {
      return null;
    }
    return Json.object().set("properties", trigger.properties());
  }
}
