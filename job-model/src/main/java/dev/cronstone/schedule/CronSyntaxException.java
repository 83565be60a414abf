package dev.cronstone.schedule;

/** A cron expression that neither dialect accepts; the message says what and where. */
public final class CronSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  public CronSyntaxException(String message) {
    super(message);
  }
}
