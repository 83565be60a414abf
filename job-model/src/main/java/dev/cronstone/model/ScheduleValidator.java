package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.schedule.CronExpression;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates {@code schedule}: cron (one or a list), timezone (required), misfire policy. */
final class ScheduleValidator {
  static final List<String> FIELDS =
      List.of("cron", "timezone", "misfire", "catchUpWindow", "maxCatchUp");

  private final ScheduleChecks checks;

  ScheduleValidator(ScheduleChecks checks) {
    this.checks = checks;
  }

  Optional<ScheduleSpec> validate(JsonNode node, FieldPath path, Problems problems) {
    return Fields.of(node, path, problems, FIELDS).flatMap(this::validate);
  }

  private Optional<ScheduleSpec> validate(Fields f) {
    Problems problems = f.problems();
    int mark = problems.count();
    List<Cron> crons =
        f.required("cron", " (a cron expression, or a list of them)")
            .map(n -> crons(n, f.path("cron"), problems))
            .orElse(List.of());
    Optional<ZoneId> zone =
        f.requiredString(
                "timezone", " (required with cron: an IANA region id such as Europe/Berlin)")
            .flatMap(text -> ScheduleChecks.zone(text, f.path("timezone"), problems));
    Optional<Misfire> misfire = f.choice("misfire", Misfire.class);
    Optional<Duration> window = f.duration("catchUpWindow", Durations.Lower.POSITIVE);
    Optional<Integer> maxCatchUp = f.integer("maxCatchUp", 1, ScheduleSpec.MAX_CATCH_UP_LIMIT);
    if (misfire.isPresent() || !f.has("misfire")) {
      catchUpOnly(f, misfire.orElse(ScheduleSpec.DEFAULT_MISFIRE));
    }
    f.rejectUnknown();
    if (!problems.noneSince(mark) || zone.isEmpty()) {
      return Optional.empty();
    }
    crons.forEach(c -> checks.firesSoon(c.expression(), zone.get(), c.path(), problems));
    if (!problems.noneSince(mark)) {
      return Optional.empty();
    }
    return Optional.of(
        new ScheduleSpec(
            crons.stream().map(Cron::text).toList(),
            zone.get(),
            misfire.orElse(ScheduleSpec.DEFAULT_MISFIRE),
            window.orElse(ScheduleSpec.DEFAULT_CATCH_UP_WINDOW),
            maxCatchUp.orElse(ScheduleSpec.DEFAULT_MAX_CATCH_UP)));
  }

  private static void catchUpOnly(Fields f, Misfire misfire) {
    if (misfire == Misfire.CATCH_UP) {
      return;
    }
    String shown = f.has("misfire") ? "is " + misfire : "defaults to " + misfire;
    for (String name : List.of("catchUpWindow", "maxCatchUp")) {
      if (f.has(name)) {
        f.problems()
            .add(f.path(name), "only allowed with misfire: catch_up (misfire " + shown + ")");
      }
    }
  }

  private List<Cron> crons(JsonNode node, FieldPath path, Problems problems) {
    List<Cron> crons = new ArrayList<>();
    if (node.isTextual()) {
      cron(node.textValue(), path, problems).ifPresent(crons::add);
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        problems.add(path, "must list at least one cron expression");
      }
      for (int i = 0; i < node.size(); i++) {
        FieldPath at = path.index(i);
        Values.string(node.get(i), at, problems)
            .flatMap(text -> cron(text, at, problems))
            .ifPresent(crons::add);
      }
    } else {
      problems.add(
          path, "expected a cron expression or a list of them, got " + Texts.describe(node));
    }
    return crons;
  }

  private Optional<Cron> cron(String text, FieldPath path, Problems problems) {
    String normalized = text.strip().replaceAll("\\s+", " ");
    if (normalized.isEmpty()) {
      problems.add(path, "cron expression is empty");
      return Optional.empty();
    }
    return checks.cron(normalized, path, problems).map(e -> new Cron(normalized, e, path));
  }

  private record Cron(String text, CronExpression expression, FieldPath path) {}
}
