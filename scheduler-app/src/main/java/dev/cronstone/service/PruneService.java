package dev.cronstone.service;

import dev.cronstone.artifacts.JobPrune;
import dev.cronstone.artifacts.JobRetentions;
import dev.cronstone.artifacts.RetentionRule;
import dev.cronstone.artifacts.RunPruner;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.RunLedger;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code jobs prune} for whoever asks (the CLI now, the API later): applies a retention rule by
 * hand to named jobs (stored ones, or removed ones that still have runs) or to every stored job, on
 * the JDBC store directly, with or without a node running. Deletes ledger rows, then the runs'
 * folders under the config's {@code artifacts.dir} (see {@link RunPruner}). Store failures are
 * {@code store_unavailable} with the masked URL.
 */
public final class PruneService {
  private final NodeConfig config;
  private final AdminStore admin;
  private final DataSource dataSource;
  private final RunLedger ledger;
  private final RunPruner pruner;
  private final JobRetentions jobs;

  PruneService(NodeConfig config, AdminStore admin, DataSource dataSource, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.admin = admin;
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.ledger = new RunLedger(dataSource, clock);
    this.pruner =
        new RunPruner(
            ledger, config.artifacts().dir(), ArtifactOwners.of(dataSource, config, clock));
    this.jobs = new JobRetentions(dataSource);
  }

  /**
   * Opens the configured store.
   *
   * @throws CronstoneException {@code store_unavailable} when it does not answer
   */
  public static PruneService open(NodeConfig config, Clock clock) {
    return open(config, clock, AdminStore.Use.WRITE);
  }

  /** A service for a prune that {@code use}s the store (a dry run only reads). */
  public static PruneService open(NodeConfig config, Clock clock, AdminStore.Use use) {
    AdminStore admin = AdminStore.open(config.store(), use);
    return new PruneService(config, admin, admin.dataSource(), clock);
  }

  /**
   * Prunes each named job (every stored job when none is named), in id order.
   *
   * @throws CronstoneException {@code invalid_argument} when the rule keeps everything, {@code
   *     job_not_found} for an unknown job (before anything is deleted), {@code store_unavailable}
   */
  public List<JobPrune> prune(List<String> jobIds, RetentionRule rule, boolean dryRun) {
    if (rule.keepsAll()) {
      throw new CronstoneException(
          ErrorCode.INVALID_ARGUMENT,
          "say what to prune: --keep-last N, --older-than D or both",
          null,
          List.of(new Problem("--keep-last", "or --older-than is required")));
    }
    List<String> targets = targets(jobIds);
    if (!dryRun && admin != null) {
      admin.ensureCurrent();
    }
    List<JobPrune> done = new ArrayList<>();
    for (String jobId : targets) {
      try {
        done.add(pruner.prune(jobId, rule, dryRun));
      } catch (CronstoneException e) {
        throw e;
      } catch (RuntimeException e) {
        throw unavailable("prune " + jobId, e);
      }
    }
    return done;
  }

  private List<String> targets(List<String> named) {
    try {
      if (named.isEmpty()) {
        return all();
      }
      List<String> ids = new ArrayList<>(new LinkedHashSet<>(named));
      for (String id : ids) {
        if (!jobs.exists(id) && !hasRuns(id)) {
          throw new JobNotFoundException(id);
        }
      }
      ids.sort(null);
      return ids;
    } catch (SQLException e) {
      throw unavailable("read the stored jobs", e);
    }
  }

  /** A job removed from the store may still have runs: those can be pruned by naming it. */
  private boolean hasRuns(String jobId) {
    try {
      return !ledger.history(jobId, 1, Optional.empty()).isEmpty();
    } catch (RuntimeException e) {
      throw unavailable("read the runs of " + jobId, e);
    }
  }

  private List<String> all() throws SQLException {
    List<String> ids = new ArrayList<>();
    String after = "";
    for (List<JobRetentions.Job> page = jobs.page(after, false); ; page = jobs.page(after, false)) {
      page.forEach(j -> ids.add(j.id()));
      if (page.size() < JobRetentions.PAGE) {
        return ids;
      }
      after = page.get(page.size() - 1).id();
    }
  }

  private CronstoneException unavailable(String what, Exception e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String password = config.store().password();
    detail = detail.replace(config.store().url(), config.store().maskedUrl());
    if (!password.isEmpty()) {
      detail = detail.replace(password, "***");
    }
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot " + what + ": the store at " + config.store().maskedUrl() + " failed: " + detail,
        null,
        List.of(),
        e);
  }
}
