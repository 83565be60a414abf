package dev.cronstone.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes of the form {@code /api/v1/jobs/{id}/runs/{runNo}}, matched by method and path. */
final class Router {
  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

  @FunctionalInterface
  interface Endpoint {
    void handle(Call call) throws Exception;
  }

  private record Route(String method, Pattern pattern, List<String> names, Endpoint endpoint) {}

  /** What a path and method found: a route with its parameters, or the methods the path allows. */
  record Match(Optional<Endpoint> endpoint, Map<String, String> params, Set<String> allowed) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, Endpoint endpoint) {
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
    routes.add(new Route(method, Pattern.compile(regex.toString()), names, endpoint));
    return this;
  }

  Match match(String method, String path) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Matcher m = route.pattern().matcher(path);
      if (!m.matches()) {
        continue;
      }
      boolean head = method.equals("HEAD") && route.method().equals("GET");
      if (route.method().equals(method) || head) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < route.names().size(); i++) {
          params.put(route.names().get(i), m.group(i + 1));
        }
        return new Match(Optional.of(route.endpoint()), params, Set.of());
      }
      allowed.add(route.method());
    }
    return new Match(Optional.empty(), Map.of(), allowed);
  }
}
