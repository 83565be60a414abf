package dev.cronstone.execution;

import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stored specs, parsed once per content hash: a fire reads its job's canonical JSON from the job
 * data and needs the records, without re-validating the same JSON on every fire.
 */
final class SpecCache {
  static final int MAX_ENTRIES = 20_000;

  private final SpecLoader loader;
  private final Map<String, JobSpec> byHash = new ConcurrentHashMap<>();

  SpecCache(Clock clock) {
    this.loader = new SpecLoader(clock);
  }

  /**
   * The spec of this stored JSON.
   *
   * @throws IllegalStateException when the stored JSON is no longer a valid spec
   */
  JobSpec get(String jobId, String hash, String json) {
    JobSpec cached = byHash.get(hash);
    if (cached != null) {
      return cached;
    }
    SpecFile parsed = loader.parse(jobId + ".json", json.getBytes(StandardCharsets.UTF_8));
    JobSpec spec =
        parsed
            .spec()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "stored spec of " + jobId + " is invalid: " + parsed.problems()));
    if (byHash.size() >= MAX_ENTRIES) {
      byHash.clear();
    }
    byHash.put(hash, spec);
    return spec;
  }
}
