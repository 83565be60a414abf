package dev.cronstone.execution;

/** Hears what a task reports while it runs. Called from the task's output reader thread. */
public interface TaskObserver {
  TaskObserver NONE = (percent, message) -> {};

  /**
   * A progress line: a command task printed {@code ::progress <0-100> [message]} on its stdout, a
   * line of its own.
   */
  void progress(int percent, String message);
}
