package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.campaign.Campaign;
import dev.openpush.domain.campaign.CampaignMetrics;
import dev.openpush.domain.campaign.CampaignRepository;
import dev.openpush.domain.campaign.Campaigns;
import dev.openpush.domain.campaign.InvalidCampaignException;
import dev.openpush.domain.delivery.SuppressionReason;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import java.util.Map;

/** Campaigns: define, list, read, delete, launch, and their metrics (SPEC 3). */
final class CampaignsResource {
  private final Campaigns campaigns;

  CampaignsResource(Campaigns campaigns) {
    this.campaigns = campaigns;
  }

  void register(Router router) {
    String base = "/v1/apps/{appId}/campaigns";
    router
        .add("POST", base, (r, p) -> create(SegmentsResource.app(p), r))
        .add("GET", base, (r, p) -> list(SegmentsResource.app(p), r))
        .add(
            "GET",
            base + "/{id}",
            (r, p) -> ApiResponse.ok(render(existing(SegmentsResource.app(p), p.get("id")))))
        .add(
            "DELETE",
            base + "/{id}",
            (r, p) -> {
              campaigns.delete(SegmentsResource.app(p), Bodies.id(p.get("id"), "campaignId"));
              return ApiResponse.noContent();
            })
        .add("POST", base + "/{id}/launch", (r, p) -> launch(SegmentsResource.app(p), p.get("id")))
        .add(
            "GET",
            base + "/{id}/metrics",
            (r, p) -> metrics(existing(SegmentsResource.app(p), p.get("id"))));
  }

  /** A definition is stored as sent: bounded so that its item stays far below DynamoDB's 400 KB. */
  private static final int MAX_DEFINITION_CHARS = 64 * 1024;

  private ApiResponse create(String appId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    if (body.toString().length() > MAX_DEFINITION_CHARS) {
      throw new ApiException(
          413,
          "definition_too_large",
          "a campaign definition may take " + MAX_DEFINITION_CHARS + " characters");
    }
    try {
      return ApiResponse.created(render(campaigns.create(appId, body)));
    } catch (InvalidCampaignException e) {
      throw new ApiException(400, "invalid_campaign", e.getMessage());
    } catch (ConcurrentUpdateException e) {
      throw new ApiException(409, "conflict", "a campaign with this id exists");
    }
  }

  private ApiResponse list(String appId, ApiRequest request) {
    CampaignRepository.Page page =
        campaigns.list(appId, request.queryParam("cursor"), Bodies.limit(request, 100, 1000));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    page.campaigns().forEach(c -> items.add(render(c)));
    out.put("nextCursor", page.nextCursor());
    return ApiResponse.ok(out);
  }

  private ApiResponse launch(String appId, String id) {
    Campaign campaign = existing(appId, id);
    Campaigns.Launch launch;
    try {
      launch = campaigns.launch(campaign);
    } catch (ConcurrentUpdateException e) {
      throw new ApiException(409, "conflict", "the campaign changed meanwhile; launch it again");
    }
    return new ApiResponse(
        202,
        Json.object()
            .put("campaignId", campaign.id())
            .put("runId", launch.runId())
            .put("status", launch.status().wireName()),
        Map.of());
  }

  private ApiResponse metrics(Campaign campaign) {
    CampaignMetrics metrics = campaigns.metrics(campaign);
    ObjectNode out = Json.object();
    out.put("campaignId", campaign.id());
    out.put("runId", campaign.runId());
    ArrayNode variants = out.putArray("variants");
    for (CampaignMetrics.VariantFigures v : metrics.variants()) {
      ObjectNode figures = variants.addObject();
      figures.put("id", v.variantId());
      figures.put("targeted", v.targeted());
      figures.put("sent", v.sent());
      figures.put("failed", v.failed());
      ObjectNode suppressed = figures.putObject("suppressed");
      for (SuppressionReason reason : SuppressionReason.values()) {
        suppressed.put(reason.code(), v.suppressed().getOrDefault(reason, 0L));
      }
      figures.put("received", v.received());
      figures.put("opened", v.opened());
      figures.put("converted", v.converted());
      figures.put("exited", v.exited());
    }
    ObjectNode holdout = out.putObject("holdout");
    holdout.put("targeted", metrics.holdoutTargeted());
    holdout.put("converted", metrics.holdoutConverted());
    ArrayNode lift = out.putArray("lift");
    for (CampaignMetrics.VariantLift l : metrics.lift()) {
      ObjectNode one = lift.addObject();
      one.put("variantId", l.variantId());
      one.put("conversionRate", l.lift().conversionRate());
      one.put("holdoutRate", l.lift().holdoutRate());
      putNullable(one, "relativeLift", l.lift().relativeLift());
      putNullable(one, "pValue", l.lift().pValue());
      one.putArray("ci95").add(l.lift().ciLow()).add(l.lift().ciHigh());
    }
    if (metrics.sendTime() != null) {
      CampaignMetrics.SendTimeLift t = metrics.sendTime();
      ObjectNode sendTime = out.putObject("sendTimeLift");
      sendTime.put("reached", t.reached()).put("opened", t.opened());
      sendTime.put("plainTimeReached", t.plainReached()).put("plainTimeOpened", t.plainOpened());
      sendTime.put("openRate", t.lift().conversionRate());
      sendTime.put("plainTimeOpenRate", t.lift().holdoutRate());
      putNullable(sendTime, "relativeLift", t.lift().relativeLift());
      putNullable(sendTime, "pValue", t.lift().pValue());
      sendTime.putArray("ci95").add(t.lift().ciLow()).add(t.lift().ciHigh());
    }
    ObjectNode split = out.putObject("sampleRatio");
    split.put("pValue", metrics.split().pValue());
    split.put("mismatch", metrics.split().mismatch());
    return ApiResponse.ok(out);
  }

  private static void putNullable(ObjectNode out, String field, Double value) {
    if (value == null) {
      out.putNull(field);
    } else {
      out.put(field, value);
    }
  }

  private Campaign existing(String appId, String id) {
    Bodies.id(id, "campaignId");
    return campaigns
        .find(appId, id)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no campaign " + Bodies.quote(id) + " in app " + Bodies.quote(appId)));
  }

  static ObjectNode render(Campaign c) {
    ObjectNode out = c.definition().deepCopy();
    out.put("id", c.id());
    out.put("status", c.status().wireName());
    out.put("version", c.version());
    out.put("createdAt", c.createdAt().toString());
    out.put("updatedAt", c.updatedAt().toString());
    return out;
  }
}
