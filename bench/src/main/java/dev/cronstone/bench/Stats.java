package dev.cronstone.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) and medians of measured values. */
final class Stats {
  private Stats() {}

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  static double median(Collection<? extends Number> values) {
    double[] sorted = sorted(values);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  static double[] sorted(Collection<? extends Number> values) {
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }

  /** count, p50, p99 and max of a sample, in its own unit. */
  static Map<String, Object> summary(Collection<? extends Number> values, String unit) {
    double[] sorted = sorted(values);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", sorted.length);
    out.put("p50_" + unit, round(percentile(sorted, 50)));
    out.put("p99_" + unit, round(percentile(sorted, 99)));
    out.put("max_" + unit, round(sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
    return out;
  }

  static Object round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    return Math.round(value * 10.0) / 10.0;
  }
}
