package dev.cronstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import dev.cronstone.testing.Keystore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A keystore {@code api.tls} cannot use is {@code config_invalid} at the key that is wrong. */
class KeystoresTest {
  private static final String PASSWORD = "right-password-123";

  @TempDir Path dir;

  private static CronstoneException refused(TlsConfig tls) {
    CronstoneException e =
        catchThrowableOfType(CronstoneException.class, () -> Keystores.open(tls));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("wrong-password-456");
    return e;
  }

  @Test
  void a_keystore_with_a_key_and_the_right_password_opens() throws Exception {
    Path file = Keystore.create(dir.resolve("api.p12"), PASSWORD);
    assertThat(Keystores.open(new TlsConfig(file, PASSWORD)).size()).isEqualTo(1);
  }

  @Test
  void a_missing_file_a_wrong_password_or_no_keystore_at_all_are_refused_at_their_key()
      throws Exception {
    Path file = Keystore.create(dir.resolve("api.p12"), PASSWORD);
    assertThat(refused(new TlsConfig(dir.resolve("nope.p12"), PASSWORD)).details())
        .extracting(Problem::path)
        .containsExactly("api.tls.keystore");
    assertThat(refused(new TlsConfig(file, "wrong-password-456")).details())
        .extracting(Problem::path)
        .containsExactly("api.tls.password");
    Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");
    assertThat(refused(new TlsConfig(garbage, PASSWORD)).details())
        .extracting(Problem::path)
        .containsExactly("api.tls.keystore");
  }
}
