package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates a spec's tree field by field, collecting every problem with its path, and builds the
 * {@link JobSpec} only when there is none.
 */
final class SpecValidator {
  static final List<String> FIELDS =
      List.of(
          "id",
          "description",
          "enabled",
          "recover",
          "schedule",
          "task",
          "retry",
          "limits",
          "parameters",
          "retention",
          "policy",
          "after");

  private final ScheduleValidator schedules;

  SpecValidator(Clock clock) {
    this.schedules = new ScheduleValidator(new ScheduleChecks(clock));
  }

  Optional<JobSpec> validate(ObjectNode root, Problems problems) {
    int mark = problems.count();
    Fields f = Fields.of(root, FieldPath.ROOT, problems, FIELDS).orElseThrow();
    Optional<String> id = f.requiredString("id", "").filter(text -> checkId(text, f, problems));
    Optional<String> description = f.string("description");
    if (description.isPresent() && description.get().length() > JobSpec.MAX_DESCRIPTION_LENGTH) {
      problems.add(
          f.path("description"),
          "must be at most " + JobSpec.MAX_DESCRIPTION_LENGTH + " characters");
    }
    boolean enabled = f.bool("enabled").orElse(JobSpec.DEFAULT_ENABLED);
    boolean recover = f.bool("recover").orElse(JobSpec.DEFAULT_RECOVER);
    Optional<ScheduleSpec> schedule =
        f.get("schedule").flatMap(n -> schedules.validate(n, f.path("schedule"), problems));
    Optional<TaskSpec> task =
        f.required("task", " (a mapping with type: command, http or builtin)")
            .flatMap(n -> TaskValidator.validate(n, f.path("task"), problems));
    Optional<RetrySpec> retry =
        section(f, "retry", problems, PolicyValidator::retry, RetrySpec.defaults());
    Optional<LimitsSpec> limits =
        section(f, "limits", problems, PolicyValidator::limits, LimitsSpec.defaults());
    Optional<Parameters> parameters = parameters(f, problems);
    Optional<RetentionSpec> retention =
        f.get("retention")
            .flatMap(n -> PolicyValidator.retention(n, f.path("retention"), problems));
    Optional<JobPolicy> policy =
        section(f, "policy", problems, PolicyValidator::policy, JobPolicy.none());
    Optional<List<AfterSpec>> after =
        f.get("after")
            .map(n -> AfterValidator.validate(n, f.path("after"), id, problems))
            .orElse(Optional.of(List.of()));
    f.rejectUnknown();
    PlaceholderCheck.check(root, problems);
    if (!problems.noneSince(mark)) {
      return Optional.empty();
    }
    return Optional.of(
        new JobSpec(
            id.orElseThrow(),
            description,
            enabled,
            recover,
            schedule,
            task.orElseThrow(),
            retry.orElseThrow(),
            limits.orElseThrow(),
            parameters.orElseThrow(),
            retention,
            policy.orElseThrow(),
            after.orElseThrow()));
  }

  /** The id a file declares, if it is a valid one, whatever else is wrong with the file. */
  static Optional<String> declaredId(JsonNode root) {
    JsonNode id = root.get("id");
    return id != null && id.isTextual() && JobSpec.isValidId(id.textValue())
        ? Optional.of(id.textValue())
        : Optional.empty();
  }

  private interface SectionValidator<T> {
    Optional<T> validate(JsonNode node, FieldPath path, Problems problems);
  }

  private static <T> Optional<T> section(
      Fields f, String name, Problems problems, SectionValidator<T> validator, T defaults) {
    Optional<JsonNode> node = f.get(name);
    return node.isEmpty()
        ? Optional.of(defaults)
        : validator.validate(node.get(), f.path(name), problems);
  }

  private static Optional<Parameters> parameters(Fields f, Problems problems) {
    Optional<JsonNode> node = f.get("parameters");
    if (node.isEmpty()) {
      return Optional.of(Parameters.empty());
    }
    if (!node.get().isObject()) {
      problems.add(
          f.path("parameters"),
          "expected a mapping (a JSON object), got " + Texts.describe(node.get()));
      return Optional.empty();
    }
    return Optional.of(new Parameters((ObjectNode) node.get()));
  }

  private static boolean checkId(String id, Fields f, Problems problems) {
    if (JobSpec.isValidId(id)) {
      return true;
    }
    String fixed =
        id.strip()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9._-]+", "-")
            .replaceAll("^[._-]+", "");
    String hint = JobSpec.isValidId(fixed) ? "; did you mean '" + fixed + "'?" : "";
    problems.add(
        f.path("id"),
        Texts.quote(id)
            + " is not a valid id: 1 to 63 characters of a-z, 0-9, '.', '_' and '-',"
            + " starting with a letter or digit"
            + hint);
    return false;
  }
}
