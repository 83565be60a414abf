package dev.cronstone.model;

/** What a job runs: a command, an HTTP request or a built-in task. */
public sealed interface TaskSpec permits CommandTask, HttpTask, BuiltinTask {
  TaskType type();
}
