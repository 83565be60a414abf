package dev.cronstone.execution;

/**
 * The keys of a Cronstone job's Quartz {@code JobDataMap}. Values are strings only ({@code
 * useProperties=true}): the job's id, the hash of its spec and the canonical spec JSON itself, so
 * the node that fires the job needs no other read to run it.
 */
public final class JobData {
  public static final String JOB_ID = "jobId";
  public static final String SPEC_HASH = "specHash";
  public static final String SPEC_JSON = "spec";

  /** On a one-shot trigger of a manual run or a replay: the number of the run it starts. */
  public static final String RUN_NO = "runNo";

  private JobData() {}
}
