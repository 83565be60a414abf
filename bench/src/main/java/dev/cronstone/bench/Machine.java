package dev.cronstone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put("memTotal", memTotal());
    out.put("loadAverage", loadAverage());
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    out.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")));
    out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    return out;
  }

  private static String memTotal() {
    return firstLine(Path.of("/proc/meminfo"), "MemTotal:");
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith(prefix))
          .map(l -> l.substring(prefix.length()).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
