package dev.cronstone.config;

import java.util.List;
import java.util.Objects;

/**
 * The node's Prometheus metrics ({@code /metrics}, docs/metrics.md).
 *
 * @param enabled whether the node keeps metrics and serves {@code /metrics} (false: 404 there)
 * @param perJobLabels the jobs whose metrics carry their own {@code job} label: job ids, prefixes
 *     ending in {@code *} ({@code billing-*}), or {@code *} for any job; every other job's metrics
 *     carry {@code job="_other"}
 * @param maxPerJobLabels the most distinct {@code job} label values a node ever creates, whatever
 *     the patterns match: jobs past it count under {@code _other}
 */
public record MetricsConfig(boolean enabled, List<String> perJobLabels, int maxPerJobLabels) {
  public static final boolean DEFAULT_ENABLED = true;
  public static final List<String> DEFAULT_PER_JOB_LABELS = List.of();
  public static final int DEFAULT_MAX_PER_JOB_LABELS = 50;

  /** The hard ceiling of {@code maxPerJobLabels}. */
  public static final int MAX_PER_JOB_LABELS = 1000;

  public MetricsConfig {
    perJobLabels = List.copyOf(Objects.requireNonNull(perJobLabels, "perJobLabels"));
    if (maxPerJobLabels < 0 || maxPerJobLabels > MAX_PER_JOB_LABELS) {
      throw new IllegalArgumentException(
          "maxPerJobLabels must be 0.." + MAX_PER_JOB_LABELS + ", got " + maxPerJobLabels);
    }
  }

  public static MetricsConfig defaults() {
    return new MetricsConfig(DEFAULT_ENABLED, DEFAULT_PER_JOB_LABELS, DEFAULT_MAX_PER_JOB_LABELS);
  }
}
