package dev.cronstone.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders a templated spec string at run time: each {@code ${name}} is replaced by what the
 * resolver gives for {@code name} (including {@code env:NAME}), and {@code $${} stands for a
 * literal {@code ${}. The syntax is the one {@link Placeholders} validates.
 */
public final class Template {
  /**
   * The run-time placeholder names, besides {@code env:NAME}: {@code jobId}; {@code fireTime}, the
   * intended fire instant in UTC (ISO-8601); {@code fireDate} and {@code fireLocalTime}, the local
   * date and date-time the fire was scheduled for in the job's zone (a fire shifted by a DST gap
   * keeps its scheduled date); {@code timezone}; {@code nodeId}, the node running the attempt;
   * {@code batchSize}, the job's {@code limits.batchSize} (only in a spec that sets it); {@code
   * upstreamRunId}, the run of an upstream job that started this run (only in a spec with {@code
   * after}; empty for a run nothing upstream started).
   */
  public static final List<String> NAMES =
      List.of(
          "jobId",
          "fireTime",
          "fireDate",
          "fireLocalTime",
          "timezone",
          "nodeId",
          "batchSize",
          "upstreamRunId");

  /** The placeholders a spec may use only when it sets a field, with that field's path. */
  public static final Map<String, String> PROVIDED_BY =
      Map.of("batchSize", "limits.batchSize", "upstreamRunId", "after");

  private Template() {}

  /**
   * The rendered text.
   *
   * @throws IllegalArgumentException naming the first placeholder the resolver does not know, or an
   *     unterminated one (validated specs have none)
   */
  public static String render(String text, Function<String, Optional<String>> resolver) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated placeholder in '" + text + "'");
        }
        String name = text.substring(i + 2, end);
        out.append(
            resolver
                .apply(name)
                .orElseThrow(
                    () -> new IllegalArgumentException("unknown placeholder ${" + name + "}")));
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }
}
