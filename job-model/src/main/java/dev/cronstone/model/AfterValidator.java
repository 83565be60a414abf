package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a spec's {@code after} list within its own file: the shape of each entry, the {@code
 * on} enum, an upstream job named twice, and the job naming itself (the shortest cycle). Whether
 * the upstream jobs exist, and longer cycles, depend on the other jobs: see {@link AfterGraph}.
 */
final class AfterValidator {
  static final List<String> ENTRY_FIELDS = List.of("job", "on");

  private AfterValidator() {}

  static Optional<List<AfterSpec>> validate(
      JsonNode node, FieldPath path, Optional<String> selfId, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected a list of {job, on} mappings, got " + Texts.describe(node));
      return Optional.empty();
    }
    int mark = problems.count();
    List<AfterSpec> after = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      FieldPath at = path.index(i);
      entry(node.get(i), at, problems)
          .filter(a -> checkEntry(a, at, selfId, after, problems))
          .ifPresent(after::add);
    }
    return problems.noneSince(mark) ? Optional.of(List.copyOf(after)) : Optional.empty();
  }

  private static Optional<AfterSpec> entry(JsonNode node, FieldPath at, Problems problems) {
    return Fields.of(node, at, problems, ENTRY_FIELDS)
        .flatMap(
            f -> {
              int mark = problems.count();
              Optional<String> job =
                  f.requiredString("job", " (the id of the upstream job)")
                      .filter(id -> checkJobId(id, f.path("job"), problems));
              Optional<AfterOn> on = f.choice("on", AfterOn.class);
              f.rejectUnknown();
              return problems.noneSince(mark)
                  ? Optional.of(new AfterSpec(job.orElseThrow(), on.orElse(AfterSpec.DEFAULT_ON)))
                  : Optional.empty();
            });
  }

  private static boolean checkJobId(String id, FieldPath path, Problems problems) {
    if (JobSpec.isValidId(id)) {
      return true;
    }
    problems.add(path, Texts.quote(id) + " is not a valid job id");
    return false;
  }

  private static boolean checkEntry(
      AfterSpec entry,
      FieldPath at,
      Optional<String> selfId,
      List<AfterSpec> earlier,
      Problems problems) {
    FieldPath job = at.child("job");
    if (selfId.isPresent() && selfId.get().equals(entry.job())) {
      problems.add(
          job,
          AfterGraph.CYCLE_CODE
              + ": a job cannot run after itself ('"
              + entry.job()
              + "' -> '"
              + entry.job()
              + "')");
      return false;
    }
    if (earlier.stream().anyMatch(a -> a.job().equals(entry.job()))) {
      problems.add(
          job,
          Texts.quote(entry.job())
              + " is named twice in after: name each upstream job once (on: always covers both"
              + " ends)");
      return false;
    }
    return true;
  }
}
