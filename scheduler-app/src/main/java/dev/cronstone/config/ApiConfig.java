package dev.cronstone.config;

import java.util.Objects;
import java.util.Optional;

/** The HTTP API: where it listens, and its bearer token (empty: a node generates one). */
public record ApiConfig(String bind, int port, Optional<String> token) {
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public ApiConfig {
    Objects.requireNonNull(bind, "bind");
    token = token == null ? Optional.empty() : token;
  }

  static ApiConfig defaults() {
    return new ApiConfig(DEFAULT_BIND, DEFAULT_PORT, Optional.empty());
  }

  @Override
  public String toString() {
    return "ApiConfig[bind="
        + bind
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "***" : "<none>")
        + "]";
  }
}
