package dev.cronstone.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WithheldSummaryTest {
  @Test
  void a_log_line_names_the_first_ten_held_back_jobs_and_counts_the_rest() {
    List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "job-" + i).toList();
    SyncPlan.Withheld w =
        new SyncPlan.Withheld(SyncPlan.Reason.FOLDER_MISSING, ids, "the folder is gone", true);

    assertThat(w.summary())
        .startsWith("the folder is gone: job-0, job-1,")
        .contains("job-9 and 1990 more")
        .doesNotContain("job-10");
  }

  @Test
  void a_short_list_is_named_whole() {
    SyncPlan.Withheld w =
        new SyncPlan.Withheld(SyncPlan.Reason.FOLDER_EMPTY, List.of("a", "b"), "empty", true);

    assertThat(w.summary()).isEqualTo("empty: a, b");
  }
}
