package dev.cronstone.model;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The secrets a job references: environment variables named by {@code ${env:NAME}} in its task's
 * env values, header values and url. Specs keep the references as written; run-time code resolves
 * them and masks the values.
 */
public final class SecretRefs {
  private SecretRefs() {}

  /** The referenced environment variable names, sorted. */
  public static Set<String> envNames(JobSpec spec) {
    SortedSet<String> names = new TreeSet<>();
    if (spec.task() instanceof CommandTask command) {
      command.env().values().forEach(v -> add(names, v));
    } else if (spec.task() instanceof HttpTask http) {
      add(names, http.url());
      http.headers().values().forEach(v -> add(names, v));
    }
    return Collections.unmodifiableSortedSet(names);
  }

  private static void add(Set<String> names, String text) {
    names.addAll(Placeholders.envNames(text));
  }
}
