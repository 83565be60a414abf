package dev.cronstone.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario's result: its parameters, one row per measurement (a round, a repetition), a summary
 * and notes; printed as a table and written as JSON.
 */
final class Report {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String scenario;
  private final Instant started = Instant.now();
  private final Map<String, Object> machine;
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final Map<String, Object> summary = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  Report(String scenario, Map<String, Object> machine) {
    this.scenario = scenario;
    this.machine = machine;
  }

  Report parameter(String name, Object value) {
    parameters.put(name, value);
    return this;
  }

  void row(Map<String, Object> row) {
    rows.add(new LinkedHashMap<>(row));
  }

  void summary(String name, Object value) {
    summary.put(name, value);
  }

  void note(String note) {
    notes.add(note);
  }

  List<Map<String, Object>> rows() {
    return rows;
  }

  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", scenario);
    out.put("startedAt", started.toString());
    out.put("finishedAt", Instant.now().toString());
    out.put("machine", machine);
    out.put("parameters", parameters);
    out.put("rows", rows);
    out.put("summary", summary);
    out.put("notes", notes);
    return out;
  }

  /** Writes the JSON result to {@code file} (folders created) and returns it. */
  Path write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), toMap());
    return file;
  }

  void print(PrintStream out) {
    out.println("== " + scenario + " " + parameters);
    if (!rows.isEmpty()) {
      Set<String> columns = new LinkedHashSet<>();
      rows.forEach(r -> columns.addAll(r.keySet()));
      List<String> header = new ArrayList<>(columns);
      Map<String, Integer> widths = new LinkedHashMap<>();
      header.forEach(h -> widths.put(h, h.length()));
      for (Map<String, Object> r : rows) {
        for (String h : header) {
          widths.merge(h, text(r.get(h)).length(), Math::max);
        }
      }
      StringBuilder line = new StringBuilder();
      header.forEach(h -> line.append(pad(h, widths.get(h))).append("  "));
      out.println(line.toString().stripTrailing());
      for (Map<String, Object> r : rows) {
        StringBuilder row = new StringBuilder();
        header.forEach(h -> row.append(pad(text(r.get(h)), widths.get(h))).append("  "));
        out.println(row.toString().stripTrailing());
      }
    }
    summary.forEach((k, v) -> out.println(k + ": " + text(v)));
    notes.forEach(n -> out.println("note: " + n));
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
