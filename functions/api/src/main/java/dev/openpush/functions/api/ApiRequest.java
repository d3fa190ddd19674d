package dev.openpush.functions.api;

import java.util.Map;

/**
 * An HTTP request as the API sees it, whatever carried it (API Gateway, the local server).
 *
 * @param signedByIam the caller was authenticated by API Gateway with SigV4 (IAM), whose policy
 *     already limits it to the app paths it may call; API keys do not apply to it
 * @param requestId API Gateway's id of the request, which its access log shows too: what error
 *     lines name instead of the path (paths carry user ids)
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    String body,
    boolean signedByIam,
    String requestId) {

  public ApiRequest(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String body) {
    this(method, path, query, headers, body, false, null);
  }

  public String header(String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  public String queryParam(String name) {
    return query == null ? null : query.get(name);
  }
}
