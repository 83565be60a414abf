package dev.cronstone.view;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import java.util.List;

/** A run with its attempts (schema {@code RunDetail}). */
public record RunDetail(@JsonUnwrapped RunView run, List<AttemptView> attempts) {
  public static RunDetail of(Run run, List<Attempt> attempts) {
    return new RunDetail(RunView.of(run), attempts.stream().map(AttemptView::of).toList());
  }
}
