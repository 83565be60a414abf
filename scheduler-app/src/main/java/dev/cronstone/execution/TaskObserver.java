package dev.cronstone.execution;

/** Hears what a task reports while it runs. Called from the task's output reader thread. */
public interface TaskObserver {
  TaskObserver NONE = (percent, message) -> {};

  /**
   * A progress line: a command task printed {@code ::progress <0-100> [message]} on its stdout, a
   * line of its own.
   */
  void progress(int percent, String message);

  /**
   * A progress line as items: {@code ::progress <done>/<total> [message]} ({@code done <= total},
   * {@code total >= 1}); {@code percent} is {@code done * 100 / total}, rounded down. Heard as a
   * plain percentage unless overridden.
   */
  default void progress(int percent, String message, long done, long total) {
    progress(percent, message);
  }
}
