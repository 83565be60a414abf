package dev.cronstone.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.store.QuartzNames;
import org.junit.jupiter.api.Test;

class CronstoneJobNameTest {
  @Test
  void the_job_class_name_sync_stores_is_the_class_nodes_run() {
    assertThat(QuartzNames.JOB_CLASS_NAME).isEqualTo(CronstoneJob.class.getName());
  }
}
