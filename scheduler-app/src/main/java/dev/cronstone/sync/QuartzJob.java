package dev.cronstone.sync;

import dev.cronstone.store.JobData;
import dev.cronstone.store.QuartzNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A spec as a row of {@code QRTZ_JOB_DETAILS}: a durable job of class {@link
 * QuartzNames#JOB_CLASS_NAME}, neither non-concurrent nor updating its data, whose job data
 * (strings only) carries the id, the content hash and the canonical JSON.
 */
record QuartzJob(
    String id,
    Optional<String> description,
    boolean requestsRecovery,
    String specHash,
    String specJson) {

  QuartzJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(specJson, "specJson");
  }

  /** The job data, in the order Quartz's {@code JobBuilder.usingJobData} would put it. */
  Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(JobData.JOB_ID, id);
    data.put(JobData.SPEC_HASH, specHash);
    data.put(JobData.SPEC_JSON, specJson);
    return data;
  }
}
