package dev.openpush.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** API Gateway proxy event in, proxy response out; the work is {@link MarketerApi}'s. */
@Named("api")
public class ApiHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private final MarketerApi api;

  public ApiHandler(MarketerApi api) {
    this.api = api;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    String body = event.getBody();
    if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    ApiResponse response =
        api.handle(
            new ApiRequest(
                event.getHttpMethod(),
                event.getPath(),
                event.getQueryStringParameters(),
                event.getHeaders(),
                body));
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(response.status())
        .withHeaders(JSON)
        .withBody(response.bodyText());
  }
}
