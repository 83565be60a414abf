package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

class QuartzNamesTest {
  private static Trigger trigger(String name, String group) {
    return TriggerBuilder.newTrigger().withIdentity(name, group).forJob("a", "cronstone").build();
  }

  @Test
  void cronstone_groups_are_cronstone_and_its_dotted_subgroups() {
    assertThat(QuartzNames.isCronstoneGroup("cronstone")).isTrue();
    assertThat(QuartzNames.isCronstoneGroup("cronstone.runs")).isTrue();
    assertThat(QuartzNames.isCronstoneGroup("cronstone.handback")).isTrue();
    assertThat(QuartzNames.isCronstoneGroup("cronstonex")).isFalse();
    assertThat(QuartzNames.isCronstoneGroup(Scheduler.DEFAULT_GROUP)).isFalse();
    assertThat(QuartzNames.isCronstoneGroup(null)).isFalse();
  }

  @Test
  void a_trigger_job_trigger_is_requested_through_quartz_and_cronstones_own_are_not() {
    assertThat(QuartzNames.requestedThroughQuartz(trigger("MT_1", Scheduler.DEFAULT_GROUP)))
        .isTrue();
    assertThat(QuartzNames.requestedThroughQuartz(trigger("nightly", "ops"))).isTrue();
    assertThat(QuartzNames.requestedThroughQuartz(trigger("a", QuartzNames.JOB_GROUP))).isFalse();
    assertThat(QuartzNames.requestedThroughQuartz(trigger("a#3", QuartzNames.RUNS_GROUP)))
        .isFalse();
    assertThat(QuartzNames.requestedThroughQuartz(trigger("a#3.2", QuartzNames.RETRIES_GROUP)))
        .isFalse();
  }

  @Test
  void a_recovery_trigger_counts_as_the_trigger_it_recovers() {
    Trigger ofQuartz = trigger("recover_n1_1", Scheduler.DEFAULT_RECOVERY_GROUP);
    ofQuartz.getJobDataMap().put(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP, "DEFAULT");
    assertThat(QuartzNames.requestedThroughQuartz(ofQuartz)).isTrue();

    Trigger ofCronstone = trigger("recover_n1_2", Scheduler.DEFAULT_RECOVERY_GROUP);
    ofCronstone.getJobDataMap().put(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP, "cronstone");
    assertThat(QuartzNames.requestedThroughQuartz(ofCronstone)).isFalse();

    assertThat(
            QuartzNames.requestedThroughQuartz(
                trigger("recover_n1_3", Scheduler.DEFAULT_RECOVERY_GROUP)))
        .isFalse();
  }
}
