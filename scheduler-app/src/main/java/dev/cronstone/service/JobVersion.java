package dev.cronstone.service;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One saved version of a job's spec (docs/job-spec.md, "Who owns a job").
 *
 * @param owner {@code file} or {@code store}: who owned the job with this version
 * @param specJson the canonical JSON of the spec as saved (secrets as {@code ${env:NAME}}
 *     references, as written)
 * @param source the spec file of a file-owned version
 * @param savedBy the API token's name, {@code cli:<user>} or {@code file:<path>}
 */
public record JobVersion(
    String jobId,
    long version,
    String owner,
    String specJson,
    String specHash,
    Optional<String> source,
    String savedBy,
    Instant savedAt) {
  public JobVersion {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(specJson, "specJson");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(savedBy, "savedBy");
    Objects.requireNonNull(savedAt, "savedAt");
  }
}
