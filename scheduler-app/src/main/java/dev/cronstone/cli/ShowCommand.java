package dev.cronstone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.service.PauseState;
import dev.cronstone.service.RunService;
import dev.cronstone.service.TriggerView;
import dev.cronstone.view.JobAnswers;
import dev.cronstone.view.JobDetail;
import dev.cronstone.view.RunView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs show <id>}: one stored job: spec, triggers, pause, next fire times, recent runs. Its
 * JSON is the API's {@code GET /api/v1/jobs/{id}} answer.
 */
@Command(
    name = "show",
    description =
        "Show one job from the store: its spec, triggers and their state, pause, next fires.",
    mixinStandardHelpOptions = true)
final class ShowCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A job id.")
  private String id;

  @Override
  public Integer call() {
    JobDetail job;
    try (AdminStore store = Operator.store(root);
        JobService jobs = JobService.over(root.config(), store, root.clock());
        RunService runs = RunService.over(root.config(), store, root.clock())) {
      job = JobAnswers.detail(jobs, runs, id, root.env(), root.clock());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(job));
    } else {
      printText(out, job);
      printRuns(out, job.recentRuns());
    }
    out.flush();
    return 0;
  }

  private static void printRuns(PrintWriter out, List<RunView> recent) {
    out.println();
    out.println("recent runs:");
    if (recent.isEmpty()) {
      out.println("  (none yet)");
      return;
    }
    Table table = new Table("RUN", "KIND", "STATUS", "INTENDED FIRE", "ENDED", "ERROR");
    recent.forEach(
        r ->
            table.row(
                r.runId(),
                r.kind(),
                r.status(),
                r.intendedFire(),
                r.endedAt().orElse(null),
                r.error().map(e -> e.code()).orElse(null)));
    StringWriter text = new StringWriter();
    table.print(new PrintWriter(text));
    text.toString().lines().forEach(l -> out.println("  " + l));
  }

  private static void printText(PrintWriter out, JobDetail job) {
    Optional<String> zone = job.timezone();
    out.println("job:       " + job.id());
    out.println(
        "owner:     "
            + job.owner()
            + (job.owner().equals("store")
                ? " (API or 'jobs apply'; sync leaves it alone)"
                : " (its spec file; sync manages it)"));
    out.println("version:   " + job.version() + " ('jobs versions " + job.id() + "' lists them)");
    out.println("source:    " + job.source().orElse("-"));
    out.println(
        "enabled:   " + (job.enabled() ? "yes" : "no (stored without a trigger: never fires)"));
    out.println("paused:    " + pause(job.pause()));
    out.println(
        "synced:    "
            + job.updatedAt()
            + job.syncedBy().map(b -> " by " + b).orElse("")
            + " (created "
            + job.createdAt()
            + "; spec hash "
            + job.specHash().substring(0, 12)
            + ")");
    if (!job.inQuartz()) {
      out.println("WARNING:   Quartz has no job " + job.id() + "; the next 'jobs sync' repairs it");
    }
    out.println();
    out.println("triggers:");
    if (job.triggers().isEmpty()) {
      out.println(
          "  (none: "
              + (job.spec().has("schedule")
                  ? "the job is disabled or its schedule has ended"
                  : "manual-only job")
              + ")");
    } else {
      Table table =
          new Table("  NAME", "TYPE", "STATE", "NEXT FIRE", "PREVIOUS FIRE", "MISFIRE", "SCHEDULE");
      for (TriggerView t : job.triggers()) {
        Optional<String> tz = t.timezone().or(() -> zone);
        table.row(
            "  " + t.name(),
            t.type(),
            t.state(),
            Times.local(t.nextFire(), tz),
            Times.local(t.previousFire(), tz),
            t.misfire().orElse(null),
            t.expressions().isEmpty()
                ? null
                : String.join("; ", t.expressions())
                    + t.timezone().map(z -> " (" + z + ")").orElse(""));
      }
      table.print(out);
    }
    out.println();
    if (!job.upcoming().isEmpty()) {
      boolean fires = job.enabled() && !job.pause().paused();
      out.println(
          "next fires of the schedule"
              + (fires
                  ? ":"
                  : " (not firing now: " + (job.enabled() ? "paused" : "disabled") + "):"));
      job.upcoming()
          .forEach(
              f ->
                  out.println(
                      "  "
                          + f.local()
                          + "  "
                          + zone.orElse("UTC")
                          + (f.shifted() ? "  (shifted forward by the daylight-saving gap)" : "")));
      out.println();
    }
    out.println("spec (secrets masked):");
    try {
      MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(job.spec())
          .lines()
          .forEach(l -> out.println("  " + l));
    } catch (IOException e) {
      out.println("  " + job.spec());
    }
  }

  private static String pause(PauseState pause) {
    if (pause.paused()) {
      return "yes"
          + pause.pausedBy().map(b -> ", by " + b).orElse("")
          + pause.pausedAt().map(a -> " at " + a).orElse("");
    }
    return "no"
        + pause
            .resumedBy()
            .map(b -> " (resumed by " + b + pause.resumedAt().map(a -> " at " + a).orElse("") + ")")
            .orElse("");
  }
}
