package dev.cronstone.api;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.schedule.ScheduleWords;
import dev.cronstone.view.Fire;
import dev.cronstone.view.Validation;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/v1/validate}: checks a posted spec (YAML, or JSON when the content type says so)
 * exactly as {@code jobs validate} checks a file, and answers 200 with {@code valid} and, when it
 * is not, the error envelope's body with every problem and its field path. A spec that does not
 * validate is the answer to the question, not a failed request; only a request the endpoint cannot
 * read (too large) is an error.
 */
final class ValidateEndpoint {
  /** How many next fires a valid spec's answer previews. */
  static final int PREVIEW = 5;

  private final Clock clock;

  ValidateEndpoint(Clock clock) {
    this.clock = clock;
  }

  /**
   * The verdict as {@code jobs validate --output json} gives it ({@link Validation}), and for a
   * valid spec with a schedule also its words and the calculator's next fires from now: what the
   * console's editor previews as you type. Both are absent otherwise, so a verdict without a
   * schedule reads exactly as the CLI's.
   */
  record Answer(
      boolean valid,
      Optional<String> jobId,
      Optional<ErrorEnvelope.Body> error,
      Optional<String> scheduleText,
      Optional<List<Fire>> upcoming) {}

  void routes(Router router, String prefix) {
    router.add("POST", prefix + "/validate", this::validate);
  }

  private void validate(Call call) throws Exception {
    byte[] body = call.body(Limits.BODY_BYTES);
    boolean json = call.contentType().toLowerCase(Locale.ROOT).contains("json");
    String name =
        call.query("filename")
            .filter(ValidateEndpoint::plainName)
            .orElse(json ? "spec.json" : "spec.yaml");
    SpecFile file = new SpecLoader(clock).parse(name, body);
    Validation verdict = Validation.of(file);
    Optional<ScheduleSpec> schedule =
        file.valid() ? file.spec().flatMap(JobSpec::schedule) : Optional.empty();
    call.json(
        200,
        new Answer(
            verdict.valid(),
            verdict.jobId(),
            verdict.error(),
            schedule.map(s -> ScheduleWords.describe(s.cron())),
            schedule.map(
                s ->
                    s.toSchedule().upcoming(clock.instant(), PREVIEW).stream()
                        .map(Fire::of)
                        .toList())));
  }

  private static boolean plainName(String name) {
    return name.matches("[A-Za-z0-9._-]{1,100}\\.(yaml|yml|json)");
  }
}
