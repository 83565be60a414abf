package dev.cronstone.execution;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a stream's bytes into lines as they arrive and hands progress lines ({@code ::progress 40
 * copying files}, or as items {@code ::progress 3/10 copying files}) to the observer. Lines longer
 * than {@link #MAX_LINE} bytes are not progress.
 */
final class ProgressLines {
  static final int MAX_LINE = 1024;
  private static final Pattern PROGRESS = Pattern.compile("::progress (\\d{1,3})(?: (.*))?");
  private static final Pattern ITEMS =
      Pattern.compile("::progress (\\d{1,12})/(\\d{1,12})(?: (.*))?");

  private final TaskObserver observer;
  private final byte[] line = new byte[MAX_LINE];
  private int length;
  private boolean overflow;

  ProgressLines(TaskObserver observer) {
    this.observer = observer;
  }

  void accept(byte[] chunk, int n) {
    for (int i = 0; i < n; i++) {
      byte b = chunk[i];
      if (b == '\n') {
        if (!overflow) {
          lineEnded(new String(line, 0, length, StandardCharsets.UTF_8));
        }
        length = 0;
        overflow = false;
      } else if (length < MAX_LINE) {
        line[length++] = b;
      } else {
        overflow = true;
      }
    }
  }

  private void lineEnded(String text) {
    String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    Matcher items = ITEMS.matcher(line);
    if (items.matches()) {
      long done = Long.parseLong(items.group(1));
      long total = Long.parseLong(items.group(2));
      if (total >= 1 && done <= total) {
        String message = items.group(3) == null ? "" : items.group(3).strip();
        observer.progress((int) (done * 100 / total), message, done, total);
      }
      return;
    }
    Matcher m = PROGRESS.matcher(line);
    if (m.matches()) {
      int percent = Integer.parseInt(m.group(1));
      if (percent <= 100) {
        observer.progress(percent, m.group(2) == null ? "" : m.group(2).strip());
      }
    }
  }
}
