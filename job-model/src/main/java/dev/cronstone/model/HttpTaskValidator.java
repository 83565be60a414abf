package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the fields of an http task: url, method, headers, body, expectStatus. */
final class HttpTaskValidator {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

  /** Headers the HTTP client sets itself and refuses to take from a request. */
  static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private HttpTaskValidator() {}

  static Optional<TaskSpec> validate(Fields f) {
    Problems problems = f.problems();
    int mark = problems.count();
    Optional<String> url = f.requiredString("url", " (the http:// or https:// URL to call)");
    url.flatMap(HttpTaskValidator::urlProblem).ifPresent(p -> problems.add(f.path("url"), p));
    Optional<HttpMethod> method = f.choice("method", HttpMethod.class);
    Optional<Map<String, String>> headers =
        f.get("headers").flatMap(n -> headers(n, f.path("headers"), problems));
    Optional<String> body = f.string("body");
    Optional<List<StatusPattern>> expect =
        f.get("expectStatus").map(n -> statuses(n, f.path("expectStatus"), problems));
    if (!problems.noneSince(mark)) {
      return Optional.empty();
    }
    return Optional.of(
        new HttpTask(
            url.orElseThrow(),
            method.orElse(HttpTask.DEFAULT_METHOD),
            headers.orElse(Map.of()),
            body,
            expect.orElse(HttpTask.DEFAULT_EXPECT_STATUS)));
  }

  static Optional<String> urlProblem(String url) {
    if (url.isBlank()) {
      return Optional.of("must not be empty");
    }
    if (url.startsWith("${")) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(PLACEHOLDER.matcher(url).replaceAll("x"));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        return Optional.of("must be an absolute http:// or https:// URL, got " + Texts.quote(url));
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of(Texts.quote(url) + " is not a valid URL: " + e.getReason());
    }
  }

  private static Optional<Map<String, String>> headers(
      JsonNode node, FieldPath path, Problems problems) {
    int mark = problems.count();
    Map<String, String> seen = new HashMap<>();
    Optional<Map<String, String>> headers =
        Values.stringMap(node, path, problems, name -> headerName(name, seen));
    headers.ifPresent(
        h ->
            h.forEach(
                (name, value) -> {
                  if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    problems.add(path.child(name), "header values must not contain line breaks");
                  }
                }));
    return problems.noneSince(mark) ? headers : Optional.empty();
  }

  private static Optional<String> headerName(String name, Map<String, String> seen) {
    if (!TOKEN.matcher(name).matches()) {
      return Optional.of(Texts.quote(name) + " is not a valid HTTP header name");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESTRICTED.contains(lower)) {
      return Optional.of(
          "header " + Texts.quote(name) + " is set by the HTTP client, not by a spec");
    }
    String earlier = seen.putIfAbsent(lower, name);
    if (earlier != null) {
      return Optional.of(
          "header "
              + Texts.quote(name)
              + " repeats "
              + Texts.quote(earlier)
              + " (header names ignore case)");
    }
    return Optional.empty();
  }

  private static List<StatusPattern> statuses(JsonNode node, FieldPath path, Problems problems) {
    List<StatusPattern> statuses = new ArrayList<>();
    if (!node.isArray()) {
      status(node, path, problems).ifPresent(statuses::add);
      return statuses;
    }
    if (node.isEmpty()) {
      problems.add(path, "must list at least one status code or class");
    }
    for (int i = 0; i < node.size(); i++) {
      status(node.get(i), path.index(i), problems).ifPresent(statuses::add);
    }
    return statuses;
  }

  private static Optional<StatusPattern> status(JsonNode node, FieldPath path, Problems problems) {
    Optional<StatusPattern> status = Optional.empty();
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      status = StatusPattern.parse(Integer.toString(node.intValue()));
    } else if (node.isTextual()) {
      status = StatusPattern.parse(node.textValue());
    }
    if (status.isEmpty()) {
      problems.add(
          path, "expected a status code 100-599 or a class 1xx-5xx, got " + Texts.describe(node));
    }
    return status;
  }
}
