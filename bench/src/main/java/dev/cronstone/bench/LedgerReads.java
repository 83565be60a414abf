package dev.cronstone.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Times read paths warm: one call to warm up, then up to {@code reps} calls (fewer when a path has
 * used up its time budget; a warm-up call longer than the whole budget is the only figure), one
 * report row each with the median and the slowest.
 */
final class LedgerReads {
  private final Report report;
  private final int reps;
  private final long budgetNanos;
  private final List<Double> medians = new ArrayList<>();

  LedgerReads(Report report, int reps, long budgetSeconds) {
    this.report = report;
    this.reps = reps;
    this.budgetNanos = budgetSeconds * 1_000_000_000L;
  }

  /** Times {@code call}; {@code size} says what it returned (rows, bytes), for the table. */
  void time(String path, String usedBy, Callable<Object> call) throws Exception {
    long began = System.nanoTime();
    Object warm = call.call();
    List<Double> ms = new ArrayList<>();
    long warmNanos = System.nanoTime() - began;
    if (warmNanos > budgetNanos) {
      ms.add(warmNanos / 1e6); // so slow that warming up changes nothing: one call is the figure
    }
    while (ms.size() < reps && (ms.isEmpty() || System.nanoTime() - began < budgetNanos)) {
      long t = System.nanoTime();
      call.call();
      ms.add((System.nanoTime() - t) / 1e6);
    }
    double median = Stats.median(ms);
    medians.add(median);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("path", path);
    row.put("used_by", usedBy);
    row.put("calls", ms.size());
    row.put("median_ms", Stats.round(median));
    row.put("max_ms", Stats.round(ms.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    row.put("returned", size(warm));
    report.row(row);
    System.out.printf("  %-58s %10.1f ms%n", path, median);
  }

  /** The slowest median of the paths timed so far. */
  double slowestMedian() {
    return medians.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static Object size(Object value) {
    if (value instanceof java.util.Collection<?> c) {
      return c.size() + " item(s)";
    }
    if (value instanceof Map<?, ?> m) {
      return m.size() + " item(s)";
    }
    if (value instanceof java.util.Optional<?> o) {
      return o.isPresent() ? "1 item" : "none";
    }
    return String.valueOf(value);
  }

  /** A node's HTTP API, with its bearer token. */
  static final class Api {
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    Api(int port, String token) {
      this.base = "http://127.0.0.1:" + port;
      this.token = token;
    }

    /** GETs {@code path}; returns the body's length, failing on a status other than 200. */
    Object get(String path) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Authorization", "Bearer " + token)
              .GET()
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().length() + " bytes";
    }
  }
}
