package dev.cronstone.runs;

import dev.cronstone.ledger.RunId;

/** How a job's waiting run (overlap {@code queue}) gets started once a slot of the job frees. */
public interface SlotTrigger {
  /**
   * Asks the cluster to fire {@code run} now; its fire goes through the slot check again.
   *
   * @throws dev.cronstone.error.CronstoneException {@code store_unavailable} when it cannot
   */
  void start(RunId run);
}
