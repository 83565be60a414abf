package dev.cronstone.model;

/** Content that is not a readable spec document; the message is the problem at path {@code $}. */
final class SpecSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  SpecSyntaxException(String message) {
    super(message, null, false, false);
  }
}
