package dev.cronstone.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP API: where it listens, its bearer tokens, TLS and the limits on failed authentication.
 *
 * @param port 0 means an ephemeral port (the node prints the one it got)
 * @param token the single token {@code api.token}, whose name is {@value #DEFAULT_TOKEN_NAME}
 *     (empty, and no {@code tokens}: the node generates one in its data folder)
 * @param tokens more tokens, each with a name that is recorded as who ran, paused, resumed or
 *     cancelled what
 * @param tokenFile where a generated token is written (empty: next to the H2 file, else {@code
 *     ./data/api-token})
 * @param tls HTTPS with this keystore (empty: plain HTTP)
 * @param rateLimit how repeated authentication failures from one address are slowed and refused
 * @param trustedProxies the balancers and proxies in front of the node: for a request from one of
 *     them, the client's address is read from {@code X-Forwarded-For} (empty: never)
 */
public record ApiConfig(
    String bind,
    int port,
    Optional<String> token,
    List<NamedToken> tokens,
    Optional<Path> tokenFile,
    Optional<TlsConfig> tls,
    RateLimitConfig rateLimit,
    List<AddressRange> trustedProxies) {
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_TOKEN_NAME = "api";

  public ApiConfig {
    Objects.requireNonNull(bind, "bind");
    token = token == null ? Optional.empty() : token;
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    tokenFile = tokenFile == null ? Optional.empty() : tokenFile;
    tls = tls == null ? Optional.empty() : tls;
    rateLimit = rateLimit == null ? RateLimitConfig.defaults() : rateLimit;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }

  public ApiConfig(String bind, int port, Optional<String> token) {
    this(bind, port, token, List.of(), Optional.empty(), Optional.empty(), null, List.of());
  }

  static ApiConfig defaults() {
    return new ApiConfig(DEFAULT_BIND, DEFAULT_PORT, Optional.empty());
  }

  /** Every configured token with its name: {@code token} (as {@code api}) and {@code tokens}. */
  public List<NamedToken> configuredTokens() {
    List<NamedToken> all = new java.util.ArrayList<>();
    token.ifPresent(t -> all.add(new NamedToken(DEFAULT_TOKEN_NAME, t)));
    all.addAll(tokens);
    return List.copyOf(all);
  }

  /** A bearer token and the name recorded for what it does. */
  public record NamedToken(String name, String token) {
    public NamedToken {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "NamedToken[name=" + name + ", token=***]";
    }
  }

  @Override
  public String toString() {
    return "ApiConfig[bind="
        + bind
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "***" : "<none>")
        + ", tokens="
        + tokens.stream().map(NamedToken::name).toList()
        + ", tokenFile="
        + tokenFile.map(Path::toString).orElse("<default>")
        + ", tls="
        + tls.map(TlsConfig::toString).orElse("<none>")
        + ", rateLimit="
        + rateLimit
        + ", trustedProxies="
        + trustedProxies
        + "]";
  }
}
