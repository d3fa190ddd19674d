package dev.openpush.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.openpush.domain.json.Utf8;
import jakarta.inject.Named;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** API Gateway proxy event in, proxy response out; the work is {@link MarketerApi}'s. */
@Named("api")
public class ApiHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private final MarketerApi api;

  public ApiHandler(MarketerApi api) {
    this.api = api;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    ApiResponse response;
    try {
      response =
          api.handle(
              new ApiRequest(
                  event.getHttpMethod(),
                  event.getPath(),
                  event.getQueryStringParameters(),
                  event.getHeaders(),
                  body(event),
                  signedByIam(event),
                  event.getRequestContext() == null
                      ? null
                      : event.getRequestContext().getRequestId()));
    } catch (ApiException e) {
      response = e.response();
    }
    Map<String, String> headers = new HashMap<>(response.headers());
    headers.put("Content-Type", "application/json");
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(response.status())
        .withHeaders(headers)
        .withBody(response.bodyText());
  }

  /**
   * API Gateway sets the caller's IAM identity only after it has checked a SigV4 signature against
   * the caller's policy (the IAM-authorized API of template.yaml); a client cannot set it.
   */
  private static boolean signedByIam(APIGatewayProxyRequestEvent event) {
    var context = event.getRequestContext();
    return context != null
        && context.getIdentity() != null
        && context.getIdentity().getUserArn() != null
        && !context.getIdentity().getUserArn().isBlank();
  }

  /**
   * The body as text. API Gateway base64-encodes bodies it treats as binary (and the local gateway
   * bodies that are not valid UTF-8): those are decoded strictly, so that malformed UTF-8 is
   * refused rather than stored with replacement characters.
   */
  private static String body(APIGatewayProxyRequestEvent event) {
    String body = event.getBody();
    if (body == null || !Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      return body;
    }
    String text;
    try {
      text = Utf8.decode(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException notBase64) {
      text = null;
    }
    if (text == null) {
      throw new ApiException(400, "invalid_request", "the body is not valid UTF-8");
    }
    return text;
  }
}
