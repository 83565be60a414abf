package dev.cronstone.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code job} label value of a job's metrics: its id for the configured jobs, {@link #OTHER}
 * for every other job. At most {@code max} ids ever become label values (first come), so the number
 * of label sets stays bounded whatever the store holds and the patterns match.
 */
final class JobLabels {
  /** The label value of every job without one of its own. */
  static final String OTHER = "_other";

  private final Set<String> ids = new HashSet<>();
  private final List<String> prefixes = new ArrayList<>();
  private final boolean any;
  private final int max;
  private final Set<String> labelled = ConcurrentHashMap.newKeySet();

  /**
   * @param patterns job ids, prefixes ending in {@code *}, or {@code *} (validated by the config)
   */
  JobLabels(List<String> patterns, int max) {
    boolean star = false;
    for (String p : patterns) {
      if (p.equals("*")) {
        star = true;
      } else if (p.endsWith("*")) {
        prefixes.add(p.substring(0, p.length() - 1));
      } else {
        ids.add(p);
      }
    }
    this.any = star;
    this.max = max;
  }

  /** The label value for the job: its id when it has (or now gets) a label, else {@link #OTHER}. */
  String of(String jobId) {
    if (labelled.contains(jobId)) {
      return jobId;
    }
    if (!matches(jobId)) {
      return OTHER;
    }
    synchronized (labelled) {
      if (labelled.size() >= max) {
        return labelled.contains(jobId) ? jobId : OTHER;
      }
      labelled.add(jobId);
      return jobId;
    }
  }

  /** How many jobs have a label of their own now. */
  int size() {
    return labelled.size();
  }

  private boolean matches(String jobId) {
    if (any || ids.contains(jobId)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (jobId.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
