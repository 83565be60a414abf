package dev.cronstone.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.service.JobVersion;
import dev.cronstone.service.VersionPage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A page of a job's saved versions, newest first (schema {@code VersionList}); {@code nextCursor}
 * only when older versions follow.
 */
public record VersionList(String jobId, List<Version> versions, Optional<String> nextCursor) {

  /** The page, each spec masked as {@link SpecRedaction#stored} shows it on this node. */
  public static VersionList of(
      VersionPage page, Function<String, Optional<String>> env, Clock clock) {
    return new VersionList(
        page.jobId(),
        page.versions().stream().map(v -> Version.of(v, env, clock)).toList(),
        page.nextCursor().map(String::valueOf));
  }

  /** One saved version (schema {@code JobVersion}). */
  public record Version(
      long version,
      String owner,
      Optional<String> source,
      String savedBy,
      Instant savedAt,
      String specHash,
      JsonNode spec) {

    static Version of(JobVersion v, Function<String, Optional<String>> env, Clock clock) {
      return new Version(
          v.version(),
          v.owner(),
          v.source(),
          v.savedBy(),
          v.savedAt(),
          v.specHash(),
          SpecRedaction.stored(v.jobId(), v.specJson(), env, clock));
    }
  }
}
