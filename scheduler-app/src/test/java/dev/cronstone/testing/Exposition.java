package dev.cronstone.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed Prometheus text exposition (format 0.0.4): every sample line as a name, its labels and
 * its value; {@code # HELP}/{@code # TYPE} lines are checked for shape and kept as types. Strict
 * enough that a malformed line fails the test that scrapes it.
 */
public final class Exposition {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;
  private final Map<String, String> types;

  private Exposition(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  public static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        if (parts.length != 2) {
          throw new IllegalArgumentException("bad TYPE line: " + line);
        }
        types.put(parts[0], parts[1]);
      } else if (line.startsWith("#")) {
        if (!line.startsWith("# HELP ")) {
          throw new IllegalArgumentException("unexpected comment: " + line);
        }
      } else {
        samples.add(sample(line));
      }
    }
    return new Exposition(samples, types);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("no value: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int close = line.lastIndexOf('}');
      labels(line.substring(brace + 1, close), labels, line);
    } else {
      name = line.substring(0, space);
    }
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name: " + line);
    }
    return new Sample(name, labels, value(line.substring(space + 1).trim()));
  }

  private static void labels(String body, Map<String, String> labels, String line) {
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf("=\"", i);
      if (eq < 0) {
        throw new IllegalArgumentException("bad labels: " + line);
      }
      String key = body.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; body.charAt(j) != '"'; j++) {
        char c = body.charAt(j);
        if (c == '\\') {
          j++;
          char e = body.charAt(j);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < body.length() && body.charAt(i) == ',') {
        i++;
      }
    }
  }

  private static double value(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The TYPE of a metric family ({@code counter}, {@code gauge}, {@code histogram}, …). */
  public String type(String family) {
    return types.get(family);
  }

  /** The samples named {@code name} whose labels include every pair of {@code labels}. */
  public List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The sum of the samples {@link #find} returns; 0 when there are none. */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /** The distinct values of {@code label} among the samples named {@code name}. */
  public Set<String> labelValues(String name, String label) {
    Set<String> values = new TreeSet<>();
    find(name, Map.of()).stream()
        .map(s -> s.labels().get(label))
        .filter(v -> v != null)
        .forEach(values::add);
    return values;
  }
}
