package dev.cronstone.sync;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a writer expects of a job's current version before its write applies (HTTP's {@code
 * If-Match} and {@code If-None-Match: *}, the CLI's {@code --if-version}): nothing, exactly {@code
 * version}, any version (the job exists), or no job at all. A write whose expectation does not hold
 * is refused with {@code version_conflict} and changes nothing.
 */
public record VersionCheck(OptionalLong version, boolean exists, boolean absent) {
  public VersionCheck {
    if (version.isPresent() && absent || exists && absent) {
      throw new IllegalArgumentException("a job cannot both exist and be absent");
    }
  }

  public static VersionCheck none() {
    return new VersionCheck(OptionalLong.empty(), false, false);
  }

  public static VersionCheck version(long version) {
    return new VersionCheck(OptionalLong.of(version), true, false);
  }

  public static VersionCheck anyVersion() {
    return new VersionCheck(OptionalLong.empty(), true, false);
  }

  public static VersionCheck noJob() {
    return new VersionCheck(OptionalLong.empty(), false, true);
  }

  /** Throws {@code version_conflict} unless the job's row ({@code current}) is as expected. */
  void verify(String jobId, Optional<StoredJob> current) {
    if (absent && current.isPresent()) {
      throw conflict(jobId, "the job exists already (version " + current.get().version() + ")");
    }
    if (exists && current.isEmpty()) {
      throw conflict(
          jobId,
          "the job does not exist"
              + (version.isPresent() ? ", so it is not at version " + version.getAsLong() : ""));
    }
    if (version.isPresent() && current.get().version() != version.getAsLong()) {
      throw conflict(
          jobId,
          "the job is at version "
              + current.get().version()
              + ", not "
              + version.getAsLong()
              + ": someone saved it since; read it again");
    }
  }

  private static CronstoneException conflict(String jobId, String why) {
    return new CronstoneException(
        ErrorCode.VERSION_CONFLICT,
        "version conflict on " + jobId + ": " + why,
        jobId,
        List.of(new Problem("version", why)));
  }
}
