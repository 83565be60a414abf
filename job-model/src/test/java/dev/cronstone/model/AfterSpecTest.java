package dev.cronstone.model;

import static dev.cronstone.model.Specs.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.error.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code after} list: per file (shape, enum, duplicates, self) and across jobs (graph). */
class AfterSpecTest {
  private static final String NOOP = "task: {type: builtin, name: noop}";

  @Test
  void after_entries_are_read_with_on_defaulting_to_success() {
    SpecFile file =
        Specs.yaml(
            lines("id: b", NOOP, "after: [{job: a}, {job: c, on: failure}, {job: d, on: always}]"));
    assertThat(file.problems()).isEmpty();
    assertThat(file.spec().orElseThrow().after())
        .containsExactly(
            new AfterSpec("a", AfterOn.SUCCESS),
            new AfterSpec("c", AfterOn.FAILURE),
            new AfterSpec("d", AfterOn.ALWAYS));
  }

  @Test
  void a_job_with_only_after_needs_no_schedule_and_one_may_have_both() {
    assertThat(Specs.yaml(lines("id: b", NOOP, "after: [{job: a}]")).problems()).isEmpty();
    SpecFile both =
        Specs.yaml(
            lines(
                "id: b",
                NOOP,
                "schedule: {cron: '0 3 * * *', timezone: UTC}",
                "after: [{job: a}]"));
    assertThat(both.problems()).isEmpty();
    assertThat(both.spec().orElseThrow().schedule()).isPresent();
  }

  @Test
  void bad_entries_are_reported_at_their_paths() {
    SpecFile file =
        Specs.yaml(
            lines(
                "id: b",
                NOOP,
                "after: [{job: a, on: sucess}, {on: always}, {job: a}, {job: b}, {job: x, when: 1}]"));
    assertThat(file.problems())
        .extracting(Problem::path)
        .containsExactly("after[0].on", "after[1].job", "after[3].job", "after[4].when");
    assertThat(file.problems().get(0).problem()).contains("did you mean 'success'");
    assertThat(file.problems().get(2).problem()).startsWith("after_cycle: ");
    assertThat(Specs.yaml(lines("id: b", NOOP, "after: a")).problems())
        .extracting(Problem::path)
        .containsExactly("after");
  }

  @Test
  void a_duplicate_upstream_is_refused() {
    SpecFile file = Specs.yaml(lines("id: b", NOOP, "after: [{job: a}, {job: a, on: failure}]"));
    assertThat(file.problems()).extracting(Problem::path).containsExactly("after[1].job");
  }

  @Test
  void upstream_run_id_is_known_only_with_after() {
    String task = "task: {type: command, command: [/bin/echo, '${upstreamRunId}']}";
    assertThat(Specs.yaml(lines("id: b", task, "after: [{job: a}]")).problems()).isEmpty();
    assertThat(Specs.yaml(lines("id: b", task)).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.problem()).contains("needs after"));
  }

  @Test
  void canonical_json_has_after_only_when_set() {
    JobSpec plain = Specs.yaml(lines("id: b", NOOP)).spec().orElseThrow();
    JobSpec after = Specs.yaml(lines("id: b", NOOP, "after: [{job: a}]")).spec().orElseThrow();
    assertThat(SpecJson.canonicalJson(plain)).doesNotContain("after");
    assertThat(SpecJson.canonicalJson(after))
        .endsWith(",\"after\":[{\"job\":\"a\",\"on\":\"success\"}]}");
    assertThat(Specs.json(SpecJson.canonicalJson(after)).spec()).contains(after);
  }

  @Test
  void unknown_upstream_jobs_and_cycles_are_refused_across_jobs() {
    Map<String, List<AfterSpec>> stored =
        Map.of("a", List.of(new AfterSpec("b", AfterOn.SUCCESS)), "c", List.of());
    Map<String, List<Problem>> refused =
        AfterGraph.refused(
            stored,
            Map.of(
                "b",
                    List.of(
                        new AfterSpec("c", AfterOn.SUCCESS), new AfterSpec("a", AfterOn.ALWAYS)),
                "d", List.of(new AfterSpec("nope", AfterOn.SUCCESS))));
    assertThat(refused.get("b"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("after[1].job");
              assertThat(p.problem()).startsWith("after_cycle: ").contains("b -> a -> b");
            });
    assertThat(refused.get("d"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("after[0].job");
              assertThat(p.problem()).startsWith("after_unknown_job: ");
            });
  }

  @Test
  void a_refused_candidate_takes_its_downstream_candidates_with_it() {
    Map<String, List<Problem>> refused =
        AfterGraph.refused(
            Map.of(),
            Map.of(
                "b", List.of(new AfterSpec("nope", AfterOn.SUCCESS)),
                "c", List.of(new AfterSpec("b", AfterOn.SUCCESS)),
                "d", List.of()));
    assertThat(refused).containsOnlyKeys("b", "c");
  }
}
