package dev.cronstone.sync;

import java.util.Locale;

/**
 * Who owns a stored job (docs/job-spec.md, "Who owns a job"): its spec file, which sync manages, or
 * the store, where the API and {@code jobs apply} write it and sync never changes or removes it.
 */
public enum JobOwner {
  FILE,
  STORE;

  /** {@code file} or {@code store}, as {@code cs_job.owner} and the API write it. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobOwner ofCode(String code) {
    return valueOf(code.trim().toUpperCase(Locale.ROOT));
  }
}
