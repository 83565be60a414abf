package dev.cronstone.config;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;

/**
 * Opens the keystore of {@code api.tls} before the API uses it, so that a missing file, a wrong
 * password or a keystore without a key is a {@code config_invalid} error naming the key, not a
 * stack trace from the TLS stack. Done when the API starts, not when the config is read: commands
 * other than {@code serve} read the same config on machines (or as users) that need no keystore.
 */
public final class Keystores {
  private Keystores() {}

  /**
   * Opens {@code tls}'s keystore and checks that it holds a private key the password opens.
   *
   * @return the opened keystore
   * @throws CronstoneException {@code config_invalid} with the field path of the problem
   */
  public static KeyStore open(TlsConfig tls) {
    if (!Files.isRegularFile(tls.keystore())) {
      throw invalid("api.tls.keystore", "no such file: " + where(tls));
    }
    char[] password = tls.password().toCharArray();
    KeyStore store;
    try (InputStream in = Files.newInputStream(tls.keystore())) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException
          || String.valueOf(e.getMessage()).contains("password")) {
        throw invalid("api.tls.password", "does not open the keystore " + where(tls));
      }
      throw invalid(
          "api.tls.keystore",
          "cannot read " + where(tls) + " as a PKCS12 keystore: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw invalid(
          "api.tls.keystore",
          "cannot read " + where(tls) + " as a PKCS12 keystore: " + e.getMessage());
    }
    checkKey(store, password, tls);
    return store;
  }

  private static void checkKey(KeyStore store, char[] password, TlsConfig tls) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          store.getKey(alias, password);
          return;
        }
      }
    } catch (UnrecoverableKeyException e) {
      throw invalid("api.tls.password", "does not open the private key in " + where(tls));
    } catch (GeneralSecurityException e) {
      throw invalid("api.tls.keystore", "cannot read the key in " + where(tls));
    }
    throw invalid(
        "api.tls.keystore", where(tls) + " holds no private key (only certificates or nothing)");
  }

  private static String where(TlsConfig tls) {
    return tls.keystore().toAbsolutePath().normalize().toString();
  }

  private static CronstoneException invalid(String path, String message) {
    return new CronstoneException(
        ErrorCode.CONFIG_INVALID,
        "the API cannot use TLS: " + path + ": " + message,
        null,
        List.of(new Problem(path, message)));
  }
}
