package dev.cronstone.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code api.tls}: the API speaks HTTPS only, with the key and certificate chain of a PKCS12
 * keystore (checked to open when the config is loaded).
 *
 * @param password the keystore's password, also the key's (typically {@code ${env:NAME}}); never
 *     shown
 */
public record TlsConfig(Path keystore, String password) {
  /** The protocol versions offered: nothing older than TLS 1.2. */
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  public TlsConfig {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "TlsConfig[keystore=" + keystore + ", password=***]";
  }
}
