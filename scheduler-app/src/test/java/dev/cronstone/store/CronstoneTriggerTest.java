package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Trigger;

class CronstoneTriggerTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-05-10T10:17:42Z");

  private static CronstoneTrigger missedDaily(MisfirePolicy policy) {
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(JobKey.jobKey("daily"), List.of("30 2 * * *"), BERLIN, policy)
            .startAt(Date.from(Instant.parse("2026-05-01T00:00:00Z")))
            .build();
    trigger.computeFirstFireTime(null);
    trigger.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
    return trigger;
  }

  @Test
  void every_policy_lists_the_missed_instants_and_fires_once_now_to_hand_them_over() {
    for (MisfirePolicy policy : MisfirePolicy.values()) {
      CronstoneTrigger trigger = missedDaily(policy);

      trigger.updateAfterMisfire(null);

      assertThat(trigger.getNextFireTime().toInstant()).as(policy.specName()).isEqualTo(NOW);
      MissedFires missed = trigger.pendingMissedFires().orElseThrow();
      assertThat(missed.firedAt()).isEqualTo(NOW);
      assertThat(missed.listed())
          .as(policy.specName())
          .hasSize(10)
          .startsWith(Instant.parse("2026-05-01T00:30:00Z"))
          .endsWith(Instant.parse("2026-05-10T00:30:00Z"));
      assertThat(missed.dropped()).isZero();
      assertThat(missed.exact()).isTrue();
    }
  }

  @Test
  void the_list_stays_for_the_fire_it_belongs_to_and_the_next_fire_removes_it() {
    CronstoneTrigger trigger = missedDaily(MisfirePolicy.CATCH_UP);
    trigger.updateAfterMisfire(null);

    trigger.triggered(null);
    assertThat(trigger.pendingMissedFires()).isPresent();

    trigger.triggered(null);
    assertThat(trigger.pendingMissedFires()).isEmpty();
    assertThat(trigger.getJobDataMap()).doesNotContainKey(JobData.MISSED_FIRES);
  }

  @Test
  void
      a_trigger_that_misfires_again_before_its_fire_keeps_the_first_list_and_adds_the_new_instants() {
    CronstoneTrigger trigger = missedDaily(MisfirePolicy.SKIP);
    trigger.updateAfterMisfire(null);
    trigger.setClock(Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC));

    trigger.updateAfterMisfire(null);

    MissedFires missed = trigger.pendingMissedFires().orElseThrow();
    assertThat(missed.firedAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
    assertThat(missed.listed())
        .hasSize(12)
        .doesNotHaveDuplicates()
        .endsWith(Instant.parse("2026-05-12T00:30:00Z"));
    assertThat(missed.firstMissed()).isEqualTo(Instant.parse("2026-05-01T00:30:00Z"));
  }

  @Test
  void
      an_hourly_rule_1_job_missed_across_the_fall_back_hour_misses_both_fires_of_the_repeated_wall_hour() {
    CronstoneTrigger trigger =
        missed(List.of("0 * * * *"), "2026-10-24T23:00:00Z", "2026-10-25T03:30:00Z");

    trigger.updateAfterMisfire(null);

    List<Instant> listed = trigger.pendingMissedFires().orElseThrow().listed();
    assertThat(listed)
        .containsExactly(
            Instant.parse("2026-10-24T23:00:00Z"),
            Instant.parse("2026-10-25T00:00:00Z"),
            Instant.parse("2026-10-25T01:00:00Z"),
            Instant.parse("2026-10-25T02:00:00Z"),
            Instant.parse("2026-10-25T03:00:00Z"));
    assertThat(listed.stream().filter(at -> at.atZone(BERLIN).getHour() == 2)).hasSize(2);
  }

  @Test
  void a_daily_rule_2_job_missed_across_fall_back_and_spring_forward_misses_each_wall_time_once() {
    CronstoneTrigger fallBack =
        missed(List.of("30 2 * * *"), "2026-10-24T00:00:00Z", "2026-10-26T12:00:00Z");
    fallBack.updateAfterMisfire(null);
    assertThat(fallBack.pendingMissedFires().orElseThrow().listed())
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"),
            Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-10-26T01:30:00Z"));

    CronstoneTrigger springForward =
        missed(List.of("30 2 * * *"), "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z");
    springForward.updateAfterMisfire(null);
    assertThat(springForward.pendingMissedFires().orElseThrow().listed())
        .containsExactly(Instant.parse("2026-03-29T01:30:00Z")); // 02:30 does not exist: 03:30 CEST
  }

  @Test
  void
      a_long_outage_of_a_per_second_job_lists_the_newest_instants_and_counts_the_rest_without_an_unbounded_walk() {
    CronstoneTrigger trigger =
        missed(List.of("* * * * * ?"), "2026-05-01T00:00:00Z", "2026-05-08T00:00:00Z");
    long started = System.nanoTime();

    trigger.updateAfterMisfire(null);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    MissedFires missed = trigger.pendingMissedFires().orElseThrow();
    assertThat(missed.listed())
        .hasSize(MissedFires.MAX_LISTED)
        .endsWith(Instant.parse("2026-05-08T00:00:00Z"));
    assertThat(missed.listed().get(0))
        .isEqualTo(Instant.parse("2026-05-08T00:00:00Z").minusSeconds(MissedFires.MAX_LISTED - 1));
    assertThat(missed.exact()).isFalse();
    assertThat(missed.total()).isBetween(7 * 86_400L - 100, 7 * 86_400L + 100);
    assertThat(missed.encode().length()).isLessThan(16_000);
  }

  @Test
  void nothing_missed_moves_on_to_the_first_fire_after_now_without_a_list() {
    CronstoneTrigger trigger =
        missed(List.of("30 2 * * *"), "2026-05-10T10:00:00Z", "2026-05-10T10:17:42Z");
    trigger.setNextFireTime(
        Date.from(NOW.minusSeconds(1))); // a bookkeeping fire time, no schedule instant

    trigger.updateAfterMisfire(null);

    assertThat(trigger.pendingMissedFires()).isEmpty();
    assertThat(trigger.getNextFireTime().toInstant())
        .isEqualTo(Instant.parse("2026-05-11T00:30:00Z"));
  }

  @Test
  void the_stored_form_reads_back_equal() {
    CronstoneTrigger trigger = missedDaily(MisfirePolicy.CATCH_UP);
    trigger.updateAfterMisfire(null);
    MissedFires missed = trigger.pendingMissedFires().orElseThrow();

    assertThat(MissedFires.decode(missed.encode())).contains(missed);
    assertThat(MissedFires.decode("garbage")).isEmpty();
    assertThat(MissedFires.decode(null)).isEmpty();
  }

  private static CronstoneTrigger missed(List<String> cron, String start, String now) {
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(JobKey.jobKey("j"), cron, BERLIN, MisfirePolicy.CATCH_UP)
            .startAt(Date.from(Instant.parse(start)))
            .build();
    trigger.computeFirstFireTime(null);
    trigger.setClock(Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    return trigger;
  }

  @Test
  void after_firing_now_the_schedule_resumes_from_that_fire() {
    CronstoneTrigger trigger = missedDaily(MisfirePolicy.FIRE_ONCE_NOW);
    trigger.updateAfterMisfire(null);

    trigger.triggered(null);

    assertThat(trigger.getPreviousFireTime().toInstant()).isEqualTo(NOW);
    assertThat(trigger.getNextFireTime().toInstant())
        .isEqualTo(Instant.parse("2026-05-11T00:30:00Z"));
  }

  @Test
  void every_misfire_code_ever_stored_is_accepted_and_unknown_ones_act_as_fire_once_now() {
    CronstoneTrigger trigger = missedDaily(MisfirePolicy.SKIP);
    for (int code :
        List.of(
            Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY,
            Trigger.MISFIRE_INSTRUCTION_SMART_POLICY,
            1,
            2,
            3,
            42)) {
      trigger.setMisfireInstruction(code);
      assertThat(trigger.getMisfireInstruction()).isEqualTo(code);
    }
    trigger.setMisfireInstruction(Trigger.MISFIRE_INSTRUCTION_SMART_POLICY);
    assertThat(trigger.getMisfirePolicy()).isEqualTo(MisfirePolicy.FIRE_ONCE_NOW);
    trigger.setMisfireInstruction(42);
    trigger.updateAfterMisfire(null);
    assertThat(trigger.getNextFireTime().toInstant()).isEqualTo(NOW);
  }

  @Test
  void a_fire_at_the_start_time_counts_and_none_comes_before_it() {
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(
                JobKey.jobKey("j"), List.of("30 2 * * *"), BERLIN, MisfirePolicy.SKIP)
            .startAt(Date.from(Instant.parse("2026-05-10T00:30:00Z")))
            .build();

    assertThat(trigger.computeFirstFireTime(null).toInstant())
        .isEqualTo(Instant.parse("2026-05-10T00:30:00Z"));
    assertThat(
            trigger.getFireTimeAfter(Date.from(Instant.parse("2026-01-01T00:00:00Z"))).toInstant())
        .isEqualTo(Instant.parse("2026-05-10T00:30:00Z"));
  }

  @Test
  void a_schedule_that_does_not_parse_or_fit_the_store_is_refused_before_it_is_stored() {
    assertThatThrownBy(
            () ->
                CronstoneTriggers.forSchedule(
                    JobKey.jobKey("j"), List.of("61 * * * *"), BERLIN, MisfirePolicy.SKIP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("61 * * * *");
    List<String> tooMany = Collections.nCopies(60, "0 0 1,15 * 1");
    assertThatThrownBy(
            () ->
                CronstoneTriggers.forSchedule(
                    JobKey.jobKey("j"), tooMany, BERLIN, MisfirePolicy.SKIP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512");
    assertThatThrownBy(
            () ->
                CronstoneTriggers.forSchedule(
                    JobKey.jobKey("j"), List.of(), BERLIN, MisfirePolicy.SKIP))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_schedule_builder_rebuilds_an_equal_trigger() {
    CronstoneTrigger trigger = missedDaily(MisfirePolicy.CATCH_UP);

    CronstoneTrigger rebuilt = trigger.getTriggerBuilder().build();

    assertThat(rebuilt.getExpressions()).isEqualTo(trigger.getExpressions());
    assertThat(rebuilt.getZone()).isEqualTo(BERLIN);
    assertThat(rebuilt.getMisfirePolicy()).isEqualTo(MisfirePolicy.CATCH_UP);
    assertThat(rebuilt.getKey()).isEqualTo(trigger.getKey());
  }
}
