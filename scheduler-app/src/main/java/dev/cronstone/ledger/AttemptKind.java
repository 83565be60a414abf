package dev.cronstone.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Why an attempt exists: the run's first, a retry (retry policy) or a recovery (its node died). */
public enum AttemptKind {
  FIRST,
  RETRY,
  RECOVERY;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AttemptKind fromCode(String code) {
    return Arrays.stream(values())
        .filter(k -> k.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown attempt kind '" + code + "'"));
  }

  @Override
  public String toString() {
    return code();
  }
}
