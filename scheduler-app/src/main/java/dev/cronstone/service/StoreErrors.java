package dev.cronstone.service;

import dev.cronstone.config.StoreConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Turns a JDBC failure into {@code store_unavailable} with the masked URL and a hint. */
final class StoreErrors {
  /**
   * "No such table" on PostgreSQL (42P01) and H2 (42S02; 42S04 when the database is empty), "no
   * such column" (42703, 42S22, 42122).
   */
  private static final Set<String> MISSING_SCHEMA =
      Set.of("42P01", "42S02", "42S04", "42703", "42S22", "42122");

  private StoreErrors() {}

  /** Whether {@code e} says a table or column is missing: the schema is absent or behind. */
  static boolean missingSchema(SQLException e) {
    return e.getSQLState() != null && MISSING_SCHEMA.contains(e.getSQLState());
  }

  static CronstoneException unavailable(StoreConfig store, String what, SQLException e) {
    dev.cronstone.metrics.StoreErrors.record(dev.cronstone.metrics.StoreErrors.Source.SERVICE);
    String maskedUrl = store.maskedUrl();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message =
        MISSING_SCHEMA.contains(state)
            ? "cannot "
                + what
                + ": the store at "
                + maskedUrl
                + " lacks Cronstone's schema or part of it"
                + " (run 'jobs store migrate'): "
                + detail(store, e)
            : "cannot "
                + what
                + ": the store at "
                + maskedUrl
                + " is unavailable: "
                + detail(store, e);
    return new CronstoneException(ErrorCode.STORE_UNAVAILABLE, message, null, List.of(), e);
  }

  /** The driver's first line, with the URL masked and the password (if any) blanked. */
  static String detail(StoreConfig store, Throwable e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = text.indexOf('\n');
    text = newline < 0 ? text : text.substring(0, newline);
    text = text.replace(store.url(), store.maskedUrl());
    return store.password().isEmpty() ? text : text.replace(store.password(), "***");
  }
}
