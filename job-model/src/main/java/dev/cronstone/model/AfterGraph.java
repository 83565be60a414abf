package dev.cronstone.model;

import dev.cronstone.error.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code after} edges of a whole set of jobs, and the checks that need that set: every upstream
 * job exists, and no job runs (through any chain) after itself. Problems name the entry's path
 * ({@code after[0].job}) and start with a stable code: {@value #UNKNOWN_CODE} or {@value
 * #CYCLE_CODE}.
 */
public final class AfterGraph {
  /** The code of an upstream job that is not in the set. */
  public static final String UNKNOWN_CODE = "after_unknown_job";

  /** The code of a chain of {@code after} that leads back to the job. */
  public static final String CYCLE_CODE = "after_cycle";

  private final Map<String, List<AfterSpec>> upstreams;

  /** The graph of {@code upstreams}: each job's id with its {@code after} list. */
  public AfterGraph(Map<String, List<AfterSpec>> upstreams) {
    this.upstreams = new LinkedHashMap<>(upstreams);
  }

  /**
   * The problems of {@code id}'s {@code after} list in this graph (the job itself included in it):
   * each unknown upstream job, and the first cycle through each entry.
   */
  public List<Problem> problems(String id) {
    List<Problem> problems = new ArrayList<>();
    List<AfterSpec> after = upstreams.getOrDefault(id, List.of());
    for (int i = 0; i < after.size(); i++) {
      String path = "after[" + i + "].job";
      String upstream = after.get(i).job();
      if (!upstreams.containsKey(upstream)) {
        problems.add(
            new Problem(
                path,
                UNKNOWN_CODE + ": no job '" + upstream + "' (after names the upstream job's id)"));
      } else {
        pathBack(upstream, id)
            .ifPresent(
                chain ->
                    problems.add(
                        new Problem(
                            path,
                            CYCLE_CODE
                                + ": '"
                                + id
                                + "' would run after itself: "
                                + id
                                + " -> "
                                + String.join(" -> ", chain))));
      }
    }
    return problems;
  }

  /**
   * Checks {@code candidates} (jobs about to be saved, by id) against {@code stored} (the jobs as
   * they are): the ones whose {@code after} is wrong in the resulting graph are refused with their
   * problems, and left out of it, until every remaining candidate is fine. A refused candidate
   * keeps its stored edges (or none when it is new).
   *
   * @return the problems of each refused candidate, by id; empty when all are fine
   */
  public static Map<String, List<Problem>> refused(
      Map<String, List<AfterSpec>> stored, Map<String, List<AfterSpec>> candidates) {
    Map<String, List<Problem>> refused = new LinkedHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      Map<String, List<AfterSpec>> graph = new HashMap<>(stored);
      candidates.forEach(
          (id, after) -> {
            if (!refused.containsKey(id)) {
              graph.put(id, after);
            }
          });
      AfterGraph g = new AfterGraph(graph);
      for (String id : candidates.keySet()) {
        if (refused.containsKey(id)) {
          continue;
        }
        List<Problem> problems = g.problems(id);
        if (!problems.isEmpty()) {
          refused.put(id, problems);
          changed = true;
        }
      }
    }
    return refused;
  }

  /** A chain of upstream edges from {@code from} that reaches {@code target}, ending with it. */
  private Optional<List<String>> pathBack(String from, String target) {
    Map<String, String> cameFrom = new HashMap<>();
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(from);
    seen.add(from);
    while (!queue.isEmpty()) {
      String job = queue.poll();
      if (job.equals(target)) {
        List<String> chain = new ArrayList<>();
        for (String at = job; at != null; at = cameFrom.get(at)) {
          chain.add(0, at);
        }
        return Optional.of(chain);
      }
      for (AfterSpec a : upstreams.getOrDefault(job, List.of())) {
        if (seen.add(a.job())) {
          cameFrom.put(a.job(), job);
          queue.add(a.job());
        }
      }
    }
    return Optional.empty();
  }
}
