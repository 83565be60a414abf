package dev.cronstone.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A text route outside {@code /api} that needs no token, answered to {@code GET} with {@code
 * body.get()}: how a node adds {@code /metrics} (a Prometheus scrape) to its server.
 *
 * @param path the exact path, e.g. {@code /metrics}
 * @param contentType e.g. {@code text/plain; version=0.0.4; charset=utf-8}
 */
public record OpenRoute(String path, String contentType, Supplier<String> body) {
  public OpenRoute {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    if (!path.startsWith("/") || path.startsWith("/api")) {
      throw new IllegalArgumentException("an open route is a path outside /api, got " + path);
    }
  }
}
