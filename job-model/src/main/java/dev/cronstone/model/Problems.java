package dev.cronstone.model;

import dev.cronstone.error.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems found so far in one spec, in the order found. */
final class Problems {
  private final List<Problem> found = new ArrayList<>();

  void add(FieldPath path, String problem) {
    found.add(new Problem(path.toString(), problem));
  }

  void add(Problem problem) {
    found.add(problem);
  }

  int count() {
    return found.size();
  }

  /** True when nothing was added since {@code mark} (a previous {@link #count()}). */
  boolean noneSince(int mark) {
    return found.size() == mark;
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<Problem> list() {
    return List.copyOf(found);
  }
}
