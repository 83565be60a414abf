package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.CancelRequest;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.RetrySpec;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end-of-attempt decisions, without a database. */
class EndDecisionsTest {
  static final Instant NOW = Instant.parse("2026-03-29T01:30:00Z");
  static final RunId RUN = new RunId("flaky", 3);

  static RetrySpec retry(String retry) {
    String yaml =
        "id: flaky\ntask: { type: builtin, name: noop }\n" + (retry.isEmpty() ? "" : retry + "\n");
    return new SpecLoader(Clock.fixed(NOW, ZoneOffset.UTC))
        .parse("job.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow()
        .retry();
  }

  static EndWrite write(RetrySpec retry, int no, RunStatus status, Optional<String> reason) {
    return EndDecisions.write(
        "flaky", retry, RUN, no, status, Optional.of(1), "exit 1", reason, NOW);
  }

  @Test
  void a_failure_the_policy_retries_waits_for_its_retry_after_the_delay() {
    RetrySpec retry = retry("retry: { maxAttempts: 3, backoff: exponential, initialDelay: PT10S }");

    EndWrite second = write(retry, 2, RunStatus.FAILED, Optional.empty());

    assertThat(second.retry())
        .contains(new EndWrite.Retry(NOW.plusSeconds(20), Duration.ofSeconds(20)));
    assertThat(second.finishedData()).containsEntry("exitCode", "1");
  }

  @Test
  void the_last_attempt_ends_the_run_with_retry_exhausted() {
    RetrySpec retry = retry("retry: { maxAttempts: 3, backoff: fixed, initialDelay: PT10S }");

    EndWrite last = write(retry, 3, RunStatus.FAILED, Optional.empty());

    assertThat(last.retry()).isEmpty();
    assertThat(last.error().orElseThrow().error().code()).isEqualTo("job_retry_exhausted");
  }

  @Test
  void a_stopped_attempt_is_never_retried_and_a_success_carries_no_error() {
    RetrySpec retry = retry("retry: { maxAttempts: 3, backoff: fixed, initialDelay: PT10S }");

    assertThat(write(retry, 1, RunStatus.CANCELLED, Optional.of("operator")).retry()).isEmpty();
    EndWrite ok = write(retry(""), 1, RunStatus.SUCCEEDED, Optional.empty());
    assertThat(ok.retry()).isEmpty();
    assertThat(ok.error()).isEmpty();
  }

  @Test
  void a_stop_is_an_operators_cancel_or_the_nodes_shutdown() {
    CancelRequest replace = new CancelRequest(RUN, "overlap", NOW, CancelRequest.SUPERSEDED);

    EndDecisions.Stop cancel =
        EndDecisions.stopped(Optional.of(EndDecisions.OPERATOR), Optional.of(replace));
    EndDecisions.Stop shutdown =
        EndDecisions.stopped(Optional.of(EndDecisions.SHUTDOWN), Optional.empty());

    assertThat(cancel.byOperator()).isTrue();
    assertThat(cancel.reason()).isEqualTo("superseded");
    assertThat(cancel.outcome().status()).isEqualTo(Outcome.Status.CANCELLED);
    assertThat(cancel.outcome().detail()).isEqualTo("stopped: cancelled by overlap");
    assertThat(shutdown.byOperator()).isFalse();
    assertThat(shutdown.reason()).isEqualTo("shutdown");
    assertThat(shutdown.outcome().detail()).isEqualTo("stopped: the node is shutting down");
  }
}
