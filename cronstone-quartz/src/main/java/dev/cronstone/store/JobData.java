package dev.cronstone.store;

/**
 * The keys of the Quartz job data Cronstone writes. Values are strings only ({@code
 * useProperties=true}). A job's data holds its id, the hash of its spec and the canonical spec JSON
 * itself, so the node that fires the job needs no other read to run it; a one-shot trigger's data
 * holds the run it starts.
 */
public final class JobData {
  public static final String JOB_ID = "jobId";
  public static final String SPEC_HASH = "specHash";
  public static final String SPEC_JSON = "spec";

  /** On a one-shot trigger of a manual run, a replay, a slot or a retry: the run's number. */
  public static final String RUN_NO = "runNo";

  /** On a retry trigger: the attempt number it starts (for people reading the store). */
  public static final String RETRY_ATTEMPT = "retryAttempt";

  /** On a schedule trigger after a misfire: the missed fire times ({@link MissedFires}). */
  public static final String MISSED_FIRES = "cs.missedFires";

  private JobData() {}
}
