package dev.cronstone.testing;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * One line at the end of a test run (Surefire's and Failsafe's alike; registered through {@code
 * META-INF/services}) saying how many tests were skipped and why, grouped by reason: a class
 * disabled by a condition (no PostgreSQL, no browser) counts its tests, an assumption that failed
 * counts the tests it stopped. Tests that ran (passed or failed, dynamic ones included) and tests
 * skipped make the total. Per-class notices are easy to miss among a thousand tests.
 */
public final class SkipSummary implements TestExecutionListener {
  static final int REASON_WIDTH = 200;

  private final Map<String, Integer> byReason = new LinkedHashMap<>();
  private final PrintStream out;
  private TestPlan plan;
  private long finished;

  public SkipSummary() {
    this(System.out);
  }

  SkipSummary(PrintStream out) {
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    add(identifier, reason);
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (identifier.isTest() && result.getStatus() != TestExecutionResult.Status.ABORTED) {
      finished++;
    }
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      add(
          identifier,
          result.getThrowable().map(Throwable::getMessage).orElse("aborted (assumption failed)"));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    out.println(line());
    out.flush();
  }

  /** The summary line. */
  String line() {
    int skipped = byReason.values().stream().mapToInt(Integer::intValue).sum();
    long total = finished + skipped;
    if (skipped == 0) {
      return "[cronstone] tests: none of " + total + " skipped";
    }
    return "[cronstone] tests: "
        + skipped
        + " of "
        + total
        + " skipped: "
        + byReason.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .map(e -> e.getValue() + " because " + e.getKey())
            .collect(Collectors.joining("; "));
  }

  private void add(TestIdentifier identifier, String reason) {
    int tests = identifier.isTest() ? 1 : tests(identifier);
    if (tests == 0) {
      return;
    }
    String text = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
    text = text.replaceAll("\\s+", " ");
    if (text.length() > REASON_WIDTH) {
      text = text.substring(0, REASON_WIDTH - 3) + "...";
    }
    byReason.merge(text, tests, Integer::sum);
  }

  /**
   * A test, or a test method whose cases are made at run time (parameterized, repeated): a skipped
   * class never makes them, so each such method counts once, as Surefire counts it.
   */
  private static boolean testOrTestMethod(TestIdentifier id) {
    return id.isTest() || id.getSource().filter(MethodSource.class::isInstance).isPresent();
  }

  /** The tests under a skipped container (a class disabled as a whole); at least one. */
  private int tests(TestIdentifier container) {
    if (plan == null) {
      return 1;
    }
    long n = plan.getDescendants(container).stream().filter(SkipSummary::testOrTestMethod).count();
    return (int) Math.max(1, n);
  }
}
