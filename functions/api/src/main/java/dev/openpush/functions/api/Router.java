package dev.openpush.functions.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches method and path templates ({@code /v1/apps/{appId}/segments/{id}}) to handlers. A path
 * that matches with another method answers 405, no match 404.
 */
final class Router {
  /** Path parameters by name. */
  record Params(java.util.Map<String, String> values) {
    String get(String name) {
      return values.get(name);
    }
  }

  private record Route(
      String template,
      String method,
      Pattern pattern,
      List<String> names,
      BiFunction<ApiRequest, Params, ApiResponse> handler) {}

  private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");
  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, BiFunction<ApiRequest, Params, ApiResponse> handler) {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    routes.add(new Route(template, method, Pattern.compile(regex.toString()), names, handler));
    return this;
  }

  /** The template of the route a request's path matches, for logs that must not hold ids. */
  String template(ApiRequest request) {
    String path = request.path() == null ? "" : request.path();
    for (Route route : routes) {
      if (route.pattern.matcher(path).matches()) {
        return route.template;
      }
    }
    return "(no route)";
  }

  ApiResponse route(ApiRequest request) {
    String path = request.path() == null ? "" : request.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    boolean pathKnown = false;
    for (Route route : routes) {
      Matcher m = route.pattern.matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method.equalsIgnoreCase(request.method())) {
        continue;
      }
      java.util.Map<String, String> values = new java.util.HashMap<>();
      for (int i = 0; i < route.names.size(); i++) {
        values.put(route.names.get(i), PathSegments.decode(m.group(i + 1)));
      }
      return route.handler.apply(request, new Params(values));
    }
    return pathKnown
        ? ApiResponse.error(
            405, "method_not_allowed", request.method() + " is not allowed on " + path)
        : ApiResponse.error(404, "not_found", "no resource at " + path);
  }
}
