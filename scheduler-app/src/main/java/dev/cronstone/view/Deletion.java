package dev.cronstone.view;

/**
 * A deletion's answer (schema {@code Deletion}): the job, and its last version, which stays
 * readable with the others.
 */
public record Deletion(String jobId, boolean deleted, long version) {
  public static Deletion of(String jobId, long version) {
    return new Deletion(jobId, true, version);
  }
}
