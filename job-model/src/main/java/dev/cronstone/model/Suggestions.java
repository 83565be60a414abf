package dev.cronstone.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt names: the closest candidate by edit distance, ignoring case. */
final class Suggestions {
  private Suggestions() {}

  static Optional<String> closest(String typed, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = typed.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.min(3, Math.max(1, typed.length() / 3));
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** "; did you mean 'x'?" or "". */
  static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 3 || a.length() > 100 || b.length() > 100) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
