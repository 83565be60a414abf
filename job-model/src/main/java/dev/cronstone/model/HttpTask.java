package dev.cronstone.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request; the attempt succeeds when the answer's status matches one of {@code
 * expectStatus}. The url and header values may reference secrets ({@code ${env:NAME}}), kept here
 * as written.
 */
public record HttpTask(
    String url,
    HttpMethod method,
    Map<String, String> headers,
    Optional<String> body,
    List<StatusPattern> expectStatus)
    implements TaskSpec {

  public static final HttpMethod DEFAULT_METHOD = HttpMethod.GET;
  public static final List<StatusPattern> DEFAULT_EXPECT_STATUS = List.of(StatusPattern.ofClass(2));

  public HttpTask {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(method, "method");
    headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    Objects.requireNonNull(body, "body");
    expectStatus = List.copyOf(expectStatus);
    if (expectStatus.isEmpty()) {
      throw new IllegalArgumentException("expectStatus needs at least one status");
    }
  }

  public static HttpTask get(String url) {
    return new HttpTask(url, DEFAULT_METHOD, Map.of(), Optional.empty(), DEFAULT_EXPECT_STATUS);
  }

  /** Whether an answer with this status is a success. */
  public boolean expects(int status) {
    return expectStatus.stream().anyMatch(p -> p.matches(status));
  }

  @Override
  public TaskType type() {
    return TaskType.HTTP;
  }
}
