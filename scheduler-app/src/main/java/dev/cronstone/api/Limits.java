package dev.cronstone.api;

/** The API's fixed limits and its path prefix. */
final class Limits {
  static final String PREFIX = "/api/v1";

  /** Request bodies (specs to validate, run requests) above this get 413. */
  static final int BODY_BYTES = 256 * 1024;

  /** How much of a too-large body is read and dropped so that its sender gets the 413. */
  static final long DRAIN_BYTES = 8L * 1024 * 1024;

  private Limits() {}
}
