package dev.cronstone.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobLabelsTest {
  @Test
  void only_the_listed_jobs_get_a_label_of_their_own() {
    JobLabels labels = new JobLabels(List.of("job-7", "job-42"), 50);
    Set<String> values = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      values.add(labels.of("job-" + i));
    }
    assertThat(values).containsExactlyInAnyOrder("job-7", "job-42", JobLabels.OTHER);
    assertThat(labels.size()).isEqualTo(2);
  }

  @Test
  void prefixes_and_star_match_but_never_label_more_jobs_than_the_cap() {
    JobLabels prefixed = new JobLabels(List.of("billing-*"), 3);
    assertThat(prefixed.of("billing-a")).isEqualTo("billing-a");
    assertThat(prefixed.of("report")).isEqualTo(JobLabels.OTHER);
    assertThat(prefixed.of("billing-b")).isEqualTo("billing-b");
    assertThat(prefixed.of("billing-c")).isEqualTo("billing-c");
    assertThat(prefixed.of("billing-d")).isEqualTo(JobLabels.OTHER);
    assertThat(prefixed.of("billing-a")).isEqualTo("billing-a");

    JobLabels any = new JobLabels(List.of("*"), 10);
    Set<String> values = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      values.add(any.of("job-" + i));
    }
    assertThat(values).hasSize(11).contains(JobLabels.OTHER);
  }

  @Test
  void no_patterns_or_a_zero_cap_label_nothing() {
    assertThat(new JobLabels(List.of(), 50).of("a")).isEqualTo(JobLabels.OTHER);
    assertThat(new JobLabels(List.of("a"), 0).of("a")).isEqualTo(JobLabels.OTHER);
  }
}
