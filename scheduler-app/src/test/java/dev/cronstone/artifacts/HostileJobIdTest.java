package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.ledger.RunId;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Job ids cannot escape the artifacts folder (issue 8): ids with {@code ..}, {@code /}, back
 * slashes, encoded forms and other tricks are refused by spec validation (path {@code id}) and, as
 * a second guard, by {@link ArtifactPaths} for any id that reaches it from elsewhere (the ledger,
 * an API path).
 */
class HostileJobIdTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../etc",
        "a/../../b",
        "/etc/passwd",
        "a/b",
        "a\\b",
        "..\\..\\x",
        "%2e%2e",
        "%2e%2e%2fetc",
        "..%2f..%2f",
        "%252e%252e",
        ".hidden",
        "-rf",
        "a\0b",
        "a\nb",
        "A",
        "caf\u00e9",
        "\u2025",
        "\uff0e\uff0e",
        "a b",
        "~root"
      })
  void is_refused_by_the_spec_and_by_the_artifact_paths(String id) {
    String yaml =
        "id: \""
            + id.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\n", "\\n")
                .replace("\0", "\\0")
            + "\"\n"
            + "task: { type: builtin, name: noop }\n";
    SpecFile file =
        new SpecLoader(Clock.systemUTC()).parse("x.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(file.valid()).as(id).isFalse();
    assertThat(file.problems()).as(id).anyMatch(p -> p.path().equals("id") || p.path().equals("$"));

    ArtifactPaths paths = new ArtifactPaths(dir.resolve("runs"), ArtifactsOwnerFixture.OWNER);
    if (id.isBlank() || id.indexOf('#') >= 0) {
      return;
    }
    assertThatThrownBy(() -> paths.runFolder(new RunId(id, 1)))
        .as(id)
        .isInstanceOf(ArtifactPaths.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nightly-report", "a", "job.v2", "x_1", "0-9"})
  void a_valid_id_stays_inside(String id) {
    ArtifactPaths paths = new ArtifactPaths(dir.resolve("runs"), ArtifactsOwnerFixture.OWNER);
    Path folder = paths.runFolder(new RunId(id, 7));
    assertThat(folder.startsWith(dir.resolve("runs").toAbsolutePath().normalize())).isTrue();
    assertThat(folder.endsWith(Path.of(id, "000007"))).isTrue();
  }
}
