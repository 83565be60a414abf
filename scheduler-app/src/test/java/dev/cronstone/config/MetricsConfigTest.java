package dev.cronstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code metrics} section of {@code scheduler.yaml}. */
class MetricsConfigTest {
  private static NodeConfig parse(String yaml, Map<String, String> env) {
    return new ConfigLoader(name -> Optional.ofNullable(env.get(name)))
        .parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Problem> problems(String yaml) {
    CronstoneException e =
        catchThrowableOfType(CronstoneException.class, () -> parse(yaml, Map.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    return e.details();
  }

  @Test
  void defaults_serve_metrics_with_no_job_labels_and_a_cap_of_fifty() {
    assertThat(NodeConfig.defaults().metrics())
        .isEqualTo(new MetricsConfig(true, List.of(), 50))
        .isEqualTo(parse("metrics: {}\n", Map.of()).metrics());
  }

  @Test
  void ids_prefixes_and_star_are_read_with_env_references_resolved() {
    MetricsConfig m =
        parse(
                """
                metrics:
                  enabled: false
                  perJobLabels: [nightly-report, "billing-*", "${env:HOT_JOB}"]
                  maxPerJobLabels: 7
                """,
                Map.of("HOT_JOB", "heartbeat"))
            .metrics();
    assertThat(m)
        .isEqualTo(
            new MetricsConfig(false, List.of("nightly-report", "billing-*", "heartbeat"), 7));
    assertThat(parse("metrics: { perJobLabels: ['*'] }\n", Map.of()).metrics().perJobLabels())
        .containsExactly("*");
  }

  @Test
  void every_bad_value_is_a_problem_at_its_path() {
    assertThat(
            problems(
                """
                metrics:
                  enabled: sometimes
                  perJobLabels: [Bad_Id, "a*b", ok, ok, {x: 1}, "*x"]
                  maxPerJobLabels: 5000
                  colour: red
                """))
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "metrics.enabled",
            "metrics.perJobLabels[0]",
            "metrics.perJobLabels[1]",
            "metrics.perJobLabels[3]",
            "metrics.perJobLabels[4]",
            "metrics.perJobLabels[5]",
            "metrics.maxPerJobLabels",
            "metrics.colour");
    assertThat(problems("metrics: { perJobLabels: nightly }\n"))
        .containsExactly(new Problem("metrics.perJobLabels", "must be a list, got string"));
    assertThat(problems("metrics: 3\n")).extracting(Problem::path).containsExactly("metrics");
  }

  @Test
  void listing_more_job_ids_than_the_cap_is_refused_rather_than_cut_silently() {
    assertThat(problems("metrics: { perJobLabels: [a, b, c], maxPerJobLabels: 2 }\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("metrics.perJobLabels");
              assertThat(p.problem()).contains("3 job ids").contains("(2)");
            });
    // Patterns may match more jobs than the cap: the cap bounds them at run time.
    assertThat(parse("metrics: { perJobLabels: [a, 'b*', '*'], maxPerJobLabels: 1 }\n", Map.of()))
        .isNotNull();
  }
}
