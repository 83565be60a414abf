package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.SyncPlan;
import dev.cronstone.sync.SyncResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs sync [--dry-run] [--force]}: push the spec folder into the store and print the plan.
 * Exit 0 when everything synced; 2 when invalid specs were skipped (the rest synced); 6 when a
 * safety rule held removals back (the rest synced); 4 when the store failed.
 */
@Command(
    name = "sync",
    description = "Push the jobs folder into the store: add, update, remove; print the plan.",
    mixinStandardHelpOptions = true)
final class SyncCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Option(names = "--dry-run", description = "Print the plan; change nothing.")
  private boolean dryRun;

  @Option(names = "--force", description = "Allow removing more than half of the stored jobs.")
  private boolean force;

  @Override
  public Integer call() {
    SyncResult result;
    try (JobService jobs =
        Operator.jobs(root, dryRun ? AdminStore.Use.READ : AdminStore.Use.WRITE)) {
      result = jobs.sync(dryRun, force, Operator.name());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(Report.of(result)));
    } else {
      printText(out, result);
    }
    out.flush();
    verdict(result);
    return 0;
  }

  private static void verdict(SyncResult result) {
    SyncPlan plan = result.plan();
    if (!result.failures().isEmpty()) {
      List<Problem> details =
          result.failures().stream().map(f -> new Problem(f.jobId(), f.message())).toList();
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          result.failures().size()
              + " job(s) could not be written to the store; the next sync tries them again",
          null,
          details);
    }
    if (result.policyDenied()) {
      SyncPlan.Withheld withheld = plan.withheld().orElseThrow();
      List<Problem> details =
          withheld.jobIds().stream().map(id -> new Problem(id, "not removed")).toList();
      throw new CronstoneException(ErrorCode.POLICY_DENIED, withheld.message(), null, details);
    }
    if (!plan.invalid().isEmpty()) {
      List<Problem> details = new ArrayList<>();
      plan.invalid()
          .forEach(
              i ->
                  i.problems()
                      .forEach(
                          p ->
                              details.add(new Problem(i.source() + ": " + p.path(), p.problem()))));
      throw new CronstoneException(
          ErrorCode.JOB_INVALID_SPEC,
          plan.invalid().size()
              + " invalid spec file(s) skipped; the other jobs "
              + (result.applied() ? "were synced" : "would sync"),
          null,
          details);
    }
  }

  private static void printText(PrintWriter out, SyncResult result) {
    SyncPlan plan = result.plan();
    out.println(
        (result.applied() ? "Synced " : "Plan for ")
            + plan.dir()
            + (result.applied() ? "" : " (dry run: nothing written)"));
    Table table = new Table("ACTION", "JOB", "DETAIL");
    List<String[]> rows = new ArrayList<>();
    plan.added().forEach(c -> rows.add(new String[] {"add", c.jobId(), c.source()}));
    plan.updated().forEach(c -> rows.add(new String[] {"update", c.jobId(), c.reason()}));
    plan.removed().forEach(id -> rows.add(new String[] {"remove", id, "no spec file any more"}));
    plan.unchanged().forEach(id -> rows.add(new String[] {"unchanged", id, null}));
    plan.withheld()
        .ifPresent(
            w ->
                w.jobIds()
                    .forEach(
                        id -> rows.add(new String[] {"keep", id, "no spec file; not removed"})));
    rows.sort(Comparator.comparing((String[] r) -> r[1]));
    plan.invalid()
        .forEach(
            i ->
                rows.add(
                    new String[] {
                      "INVALID",
                      i.jobId().orElse("-"),
                      i.source() + (i.kept() ? " (stored job kept as it was)" : "")
                    }));
    rows.forEach(r -> table.row((Object[]) r));
    table.print(out);
    for (SyncPlan.Invalid invalid : plan.invalid()) {
      out.println();
      out.println(invalid.source() + ":");
      invalid.problems().forEach(p -> out.println("  " + p.path() + ": " + p.problem()));
    }
    result.failures().forEach(f -> out.println("FAILED " + f.jobId() + ": " + f.message()));
    out.println();
    out.println(plan.summary() + (result.applied() ? "" : " (dry run)"));
    plan.withheld()
        .ifPresent(w -> out.println((w.policyDenied() ? "WARNING: " : "note: ") + w.message()));
  }

  /** The JSON answer: the plan, whether it was applied, and any job that failed to write. */
  record Report(
      boolean applied,
      String dir,
      int stored,
      List<SyncPlan.Change> added,
      List<SyncPlan.Change> updated,
      List<String> removed,
      List<String> unchanged,
      List<SyncPlan.Invalid> invalid,
      SyncPlan.Withheld withheld,
      List<SyncResult.Failure> failures,
      String summary) {
    static Report of(SyncResult r) {
      SyncPlan p = r.plan();
      return new Report(
          r.applied(),
          p.dir(),
          p.stored(),
          p.added(),
          p.updated(),
          p.removed(),
          p.unchanged(),
          p.invalid(),
          p.withheld().orElse(null),
          r.failures(),
          p.summary());
    }
  }
}
