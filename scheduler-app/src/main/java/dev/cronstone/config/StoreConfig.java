package dev.cronstone.config;

import java.util.Objects;

/** Where the JDBC store is and how many connections a node may hold to it. */
public record StoreConfig(String url, String user, String password, int maxPoolSize) {
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/cronstone;AUTO_SERVER=TRUE";
  public static final String DEFAULT_USER = "sa";
  public static final String DEFAULT_PASSWORD = "";
  public static final int DEFAULT_MAX_POOL_SIZE = 10;

  public StoreConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  static StoreConfig defaults() {
    return new StoreConfig(DEFAULT_URL, DEFAULT_USER, DEFAULT_PASSWORD, DEFAULT_MAX_POOL_SIZE);
  }

  /** The SQL dialect of the store, from the JDBC URL: {@code h2} or {@code postgresql}. */
  public String dialect() {
    if (url.startsWith("jdbc:h2:")) {
      return "h2";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    throw new IllegalStateException(
        "unsupported JDBC URL (validated at load): " + Secrets.maskUrl(url));
  }

  /** The URL with any password in it masked, for logs and output. */
  public String maskedUrl() {
    return Secrets.maskUrl(url);
  }

  @Override
  public String toString() {
    return "StoreConfig[url="
        + maskedUrl()
        + ", user="
        + user
        + ", password=***, maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
