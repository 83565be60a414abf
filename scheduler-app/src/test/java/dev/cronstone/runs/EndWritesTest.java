package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndWritesTest {
  private static CronstoneException down() {
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE, "the store failed (connection refused)");
  }

  @Test
  void a_write_is_tried_again_until_the_store_is_back() {
    AtomicInteger tries = new AtomicInteger();
    String result =
        EndWrites.retrying(
            "node-t",
            "record",
            () -> {
              if (tries.incrementAndGet() < 3) {
                throw down();
              }
              return "stored";
            });
    assertThat(result).isEqualTo("stored");
    assertThat(tries).hasValue(3);
  }

  @Test
  void other_errors_are_not_retried() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(
            () ->
                EndWrites.retrying(
                    "node-t",
                    "record",
                    () -> {
                      tries.incrementAndGet();
                      throw new CronstoneException(ErrorCode.JOB_NOT_FOUND, "no such run");
                    }))
        .isInstanceOf(CronstoneException.class);
    assertThat(tries).hasValue(1);
  }
}
