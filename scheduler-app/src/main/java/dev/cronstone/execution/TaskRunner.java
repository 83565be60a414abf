package dev.cronstone.execution;

import dev.cronstone.model.TaskSpec;

/** Runs one kind of task once, within the fire's timeout, and says how it ended. */
interface TaskRunner<T extends TaskSpec> {
  Outcome run(T task, FireContext fire, TaskValues values) throws InterruptedException;
}
