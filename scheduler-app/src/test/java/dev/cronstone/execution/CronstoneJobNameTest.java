package dev.cronstone.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.store.QuartzNames;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionException;

class CronstoneJobNameTest {
  @Test
  void the_job_class_name_sync_stores_is_the_class_nodes_run() {
    assertThat(QuartzNames.JOB_CLASS_NAME).isEqualTo(CronstoneJob.class.getName());
    assertThat(CronstoneJob.class).isAssignableFrom(NodeJob.class);
  }

  @Test
  void the_published_job_class_refuses_to_run_outside_a_node() {
    assertThatThrownBy(() -> new CronstoneJob().execute(null))
        .isInstanceOf(JobExecutionException.class)
        .hasMessageContaining("runs only on a Cronstone node");
  }
}
