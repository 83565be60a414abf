package dev.cronstone.execution;

/**
 * Hears a command task's output while it runs, line by line: each call gets whole lines (ending in
 * {@code \n}), a piece of a line longer than {@link OutputCapture#MAX_PIECE} bytes, the last line
 * without its end, or the truncation mark. Called from the task's output reader threads, one per
 * stream.
 */
public interface OutputSink {
  OutputSink NONE = (stream, text) -> {};

  /** The two output streams of a command task, by their names in the store and the API. */
  enum Stream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String code;

    Stream(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  void write(Stream stream, String text);

  /** The stream ended: nothing more comes on it (after its last line and mark, if any). */
  default void close(Stream stream) {}
}
