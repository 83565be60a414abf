package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates the policy sections: {@code retry}, {@code limits}, {@code retention} and {@code
 * policy}.
 */
final class PolicyValidator {
  static final List<String> RETRY_FIELDS =
      List.of("maxAttempts", "backoff", "initialDelay", "maxDelay", "retryOn");
  static final List<String> LIMITS_FIELDS =
      List.of("timeout", "maxConcurrent", "overlap", "batchSize");
  static final List<String> RETENTION_FIELDS = List.of("keepLast", "olderThan");
  static final List<String> POLICY_FIELDS = List.of("pauseAfterFailures");

  private PolicyValidator() {}

  static Optional<RetrySpec> retry(JsonNode node, FieldPath path, Problems problems) {
    return Fields.of(node, path, problems, RETRY_FIELDS).flatMap(PolicyValidator::retry);
  }

  private static Optional<RetrySpec> retry(Fields f) {
    Problems problems = f.problems();
    int mark = problems.count();
    Optional<Integer> attempts = f.integer("maxAttempts", 1, RetrySpec.MAX_ATTEMPTS_LIMIT);
    Optional<Backoff> backoff = f.choice("backoff", Backoff.class);
    Optional<Duration> initial = f.duration("initialDelay", Durations.Lower.ZERO_ALLOWED);
    Optional<Duration> max = f.duration("maxDelay", Durations.Lower.POSITIVE);
    Duration initialDelay = initial.orElse(RetrySpec.DEFAULT_INITIAL_DELAY);
    boolean initialKnown = initial.isPresent() || !f.has("initialDelay");
    if (initialKnown && max.isPresent() && max.get().compareTo(initialDelay) < 0) {
      problems.add(
          f.path("maxDelay"),
          "must be at least initialDelay (" + initialDelay + "), got " + max.get());
    }
    Optional<Set<RetryOutcome>> retryOn =
        f.get("retryOn").map(n -> outcomes(n, f.path("retryOn"), problems));
    f.rejectUnknown();
    if (!problems.noneSince(mark)) {
      return Optional.empty();
    }
    Duration maxDelay =
        max.orElse(
            initialDelay.compareTo(RetrySpec.DEFAULT_MAX_DELAY) > 0
                ? initialDelay
                : RetrySpec.DEFAULT_MAX_DELAY);
    return Optional.of(
        new RetrySpec(
            attempts.orElse(RetrySpec.DEFAULT_MAX_ATTEMPTS),
            backoff.orElse(RetrySpec.DEFAULT_BACKOFF),
            initialDelay,
            maxDelay,
            retryOn.orElse(RetrySpec.DEFAULT_RETRY_ON)));
  }

  private static Set<RetryOutcome> outcomes(JsonNode node, FieldPath path, Problems problems) {
    Set<RetryOutcome> outcomes = EnumSet.noneOf(RetryOutcome.class);
    if (!node.isArray()) {
      Values.choice(node, RetryOutcome.class, path, problems).ifPresent(outcomes::add);
      return outcomes;
    }
    for (int i = 0; i < node.size(); i++) {
      Values.choice(node.get(i), RetryOutcome.class, path.index(i), problems)
          .ifPresent(outcomes::add);
    }
    return outcomes;
  }

  static Optional<LimitsSpec> limits(JsonNode node, FieldPath path, Problems problems) {
    return Fields.of(node, path, problems, LIMITS_FIELDS)
        .flatMap(
            f -> {
              int mark = problems.count();
              Optional<Duration> timeout = f.duration("timeout", Durations.Lower.POSITIVE);
              Optional<Integer> max =
                  f.integer("maxConcurrent", 1, LimitsSpec.MAX_CONCURRENT_LIMIT);
              Optional<Overlap> overlap = f.choice("overlap", Overlap.class);
              Optional<Integer> batchSize = f.integer("batchSize", 1, Integer.MAX_VALUE);
              f.rejectUnknown();
              if (!problems.noneSince(mark)) {
                return Optional.empty();
              }
              return Optional.of(
                  new LimitsSpec(
                      timeout.orElse(LimitsSpec.DEFAULT_TIMEOUT),
                      max.orElse(LimitsSpec.DEFAULT_MAX_CONCURRENT),
                      overlap.orElse(LimitsSpec.DEFAULT_OVERLAP),
                      batchSize));
            });
  }

  static Optional<RetentionSpec> retention(JsonNode node, FieldPath path, Problems problems) {
    return Fields.of(node, path, problems, RETENTION_FIELDS)
        .flatMap(
            f -> {
              int mark = problems.count();
              Optional<Integer> keepLast = f.integer("keepLast", 1, Integer.MAX_VALUE);
              Optional<Duration> olderThan = f.duration("olderThan", Durations.Lower.POSITIVE);
              f.rejectUnknown();
              if (!f.has("keepLast") && !f.has("olderThan")) {
                problems.add(path, "set keepLast, olderThan or both");
              }
              if (!problems.noneSince(mark)) {
                return Optional.empty();
              }
              return Optional.of(new RetentionSpec(keepLast, olderThan));
            });
  }

  static Optional<JobPolicy> policy(JsonNode node, FieldPath path, Problems problems) {
    return Fields.of(node, path, problems, POLICY_FIELDS)
        .flatMap(
            f -> {
              int mark = problems.count();
              Optional<Integer> pauseAfterFailures =
                  f.integer("pauseAfterFailures", 1, JobPolicy.MAX_PAUSE_AFTER_FAILURES);
              f.rejectUnknown();
              if (!problems.noneSince(mark)) {
                return Optional.empty();
              }
              return Optional.of(new JobPolicy(pauseAfterFailures));
            });
  }
}
