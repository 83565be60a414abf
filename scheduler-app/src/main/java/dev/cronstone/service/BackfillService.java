package dev.cronstone.service;

import dev.cronstone.config.StoreConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.ledger.Backfill;
import dev.cronstone.ledger.BackfillResult;
import dev.cronstone.ledger.Backfills;
import dev.cronstone.ledger.Run;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.store.QuartzNames;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Backfills, whoever asks ({@code jobs backfill}, {@code POST /api/v1/jobs/{id}/backfill}): the
 * instants of a job's schedule in a range, as the schedule calculator gives them (daylight-saving
 * changes included), and one queued {@code backfill} run per instant that has none yet; and the
 * job's backfills with their progress. The runs are started by the nodes' backfill pumps.
 */
public final class BackfillService {
  /** How many instants a backfill may hold when the request names no {@code max}. */
  public static final int DEFAULT_MAX = 1_000;

  /** The highest {@code max} a request may name. */
  public static final int MAX_MAX = 100_000;

  /** How many backfills a listing returns, newest first. */
  public static final int LIST_LIMIT = 100;

  private final StoreConfig store;
  private final DataSource dataSource;
  private final Backfills backfills;
  private final Clock clock;

  BackfillService(StoreConfig store, DataSource dataSource, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backfills = new Backfills(dataSource, clock);
  }

  /**
   * Backfills {@code [from, to)} ({@code to} exclusive) of the job's schedule, or with {@code
   * dryRun} only lists its instants.
   *
   * @throws CronstoneException {@code invalid_argument} (path {@code to}) when {@code to} is not
   *     after {@code from}, (path {@code max}) when {@code max} is out of range or the range holds
   *     more than {@code max} instants, (path {@code schedule}) when the job has no schedule;
   *     {@code job_not_found}
   */
  public BackfillAnswer request(
      String jobId, Instant from, Instant to, int max, boolean dryRun, String who) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (max < 1 || max > MAX_MAX) {
      throw CronstoneException.invalidArgument(
          "max", "must be between 1 and " + MAX_MAX + ", got " + max);
    }
    if (!to.isAfter(from)) {
      throw CronstoneException.invalidArgument(
          "to", to + " is not after from (" + from + "): the range [from, to) is empty");
    }
    JobSpec spec = spec(jobId);
    List<Instant> instants = instants(spec, from, to, max);
    if (dryRun) {
      return new BackfillAnswer(
          jobId, from, to, true, instants, Optional.empty(), List.of(), List.of());
    }
    BackfillResult result = backfills.create(jobId, from, to, instants, who);
    return new BackfillAnswer(
        jobId, from, to, false, instants, result.backfillId(), result.created(), result.present());
  }

  /** The job's backfills, newest first, with their runs' counts by status. */
  public List<Backfill> list(String jobId) {
    row(jobId);
    return backfills.list(jobId, LIST_LIMIT);
  }

  /**
   * The runs of one of the job's backfills, newest first, below run number {@code beforeRunNo} when
   * given: a page of its history.
   */
  public List<Run> runs(String jobId, long backfillId, int limit, Optional<Long> beforeRunNo) {
    List<Run> runs = backfills.runs(jobId, backfillId, limit, beforeRunNo);
    if (runs.isEmpty() && beforeRunNo.isEmpty()) {
      row(jobId);
    }
    return runs;
  }

  /**
   * The spec of a job whose backfill runs may start now: empty when the job is gone, disabled or
   * paused (its runs wait). For a node's backfill pump.
   */
  public Optional<JobSpec> runnable(String jobId) {
    try {
      Optional<JobRow> row =
          new JobTable(dataSource, QuartzNames.SCHEDULER_NAME)
              .row(jobId)
              .filter(r -> r.enabled() && !r.pause().paused());
      return row.flatMap(r -> parse(r).spec());
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "read job " + jobId, e);
    }
  }

  static List<Instant> instants(JobSpec spec, Instant from, Instant to, int max) {
    if (spec.schedule().isEmpty()) {
      throw CronstoneException.invalidArgument(
          "schedule", spec.id() + " has no schedule: there are no instants to backfill");
    }
    List<Instant> instants =
        spec
            .schedule()
            .get()
            .toSchedule()
            .between(from.minusMillis(1), to.minusMillis(1), max + 1)
            .stream()
            .map(FireTime::instant)
            .toList();
    if (instants.size() > max) {
      throw CronstoneException.invalidArgument(
          "max",
          "is "
              + max
              + ", but the range ["
              + from
              + ", "
              + to
              + ") holds more than "
              + max
              + " instants of "
              + spec.id()
              + "'s schedule: narrow the range or raise the limit");
    }
    return instants;
  }

  private JobSpec spec(String jobId) {
    SpecFile parsed = parse(row(jobId));
    return parsed.spec().orElseThrow(parsed::exception);
  }

  private SpecFile parse(JobRow row) {
    return new SpecLoader(clock)
        .parse(row.id() + ".json", row.specJson().getBytes(StandardCharsets.UTF_8));
  }

  private JobRow row(String jobId) {
    try {
      return new JobTable(dataSource, QuartzNames.SCHEDULER_NAME)
          .row(jobId)
          .orElseThrow(() -> new JobNotFoundException(jobId));
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "read job " + jobId, e);
    }
  }
}
