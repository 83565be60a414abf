package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cronstone.error.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Coverage-guided fuzzing of the spec parser with Jazzer (issue 8). In a normal test run it replays
 * the seeds in {@code SpecLoaderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes for {@code
 * maxDuration}. Whatever the bytes, the loader answers with a spec or with problems: no exception
 * escapes, no internal error hides behind a problem, nothing hangs.
 */
class SpecLoaderFuzzTest {
  private static final SpecLoader LOADER =
      new SpecLoader(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private static final String[] NAMES = {"job.yaml", "job.yml", "job.json"};

  @FuzzTest(maxDuration = "30s")
  void any_bytes_give_a_spec_or_problems(FuzzedDataProvider data) {
    String name = data.pickValue(NAMES);
    byte[] content = data.consumeRemainingAsBytes();
    SpecFile file = LOADER.parse(name, content);
    assertThat(file.valid()).isEqualTo(file.problems().isEmpty());
    for (Problem p : file.problems()) {
      assertThat(p.problem()).doesNotStartWith("internal error");
      assertThat(p.path()).isNotBlank();
    }
    file.spec().ifPresent(spec -> assertThat(SpecJson.canonicalJson(spec)).isNotBlank());
  }
}
