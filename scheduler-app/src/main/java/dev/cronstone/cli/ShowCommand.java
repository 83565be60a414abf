package dev.cronstone.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.ledger.Run;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobView;
import dev.cronstone.service.PauseState;
import dev.cronstone.service.RunService;
import dev.cronstone.service.TriggerView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs show <id>}: one stored job: spec, triggers, pause, next fire times. */
@Command(
    name = "show",
    description =
        "Show one job from the store: its spec, triggers and their state, pause, next fires.",
    mixinStandardHelpOptions = true)
final class ShowCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How many of the job's latest runs show lists. */
  static final int RECENT_RUNS = 10;

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A job id.")
  private String id;

  @Override
  public Integer call() {
    JobView job;
    try (JobService jobs = Operator.jobs(root)) {
      job = jobs.show(id);
    }
    List<Run> recent;
    try (RunService runs = RunService.open(root.config(), root.clock())) {
      recent = runs.history(id, RECENT_RUNS, Optional.empty());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(new Shown(Report.of(job), recent.stream().map(RunView::of).toList())));
    } else {
      printText(out, job);
      printRuns(out, recent);
    }
    out.flush();
    return 0;
  }

  private static void printRuns(PrintWriter out, List<Run> recent) {
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
                r.id(),
                r.kind().code(),
                r.status().code(),
                r.intendedFire(),
                r.endedAt().orElse(null),
                r.error().map(e -> e.error().code()).orElse(null)));
    StringWriter text = new StringWriter();
    table.print(new PrintWriter(text));
    text.toString().lines().forEach(l -> out.println("  " + l));
  }

  /** The JSON answer of show: the job, and its most recent runs, newest first. */
  record Shown(@JsonUnwrapped Report job, List<RunView> recentRuns) {}

  private static void printText(PrintWriter out, JobView job) {
    JsonNode specTree = tree(job.specJson());
    Optional<String> zone =
        Optional.ofNullable(specTree.path("schedule").path("timezone").asText(null));
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
              + (specTree.has("schedule")
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
                          + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(f.zoned())
                          + "  "
                          + f.zone().getId()
                          + (f.shifted() ? "  (shifted forward by the daylight-saving gap)" : "")));
      out.println();
    }
    out.println("spec:");
    try {
      MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(specTree)
          .lines()
          .forEach(l -> out.println("  " + l));
    } catch (IOException e) {
      out.println("  " + job.specJson());
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

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      return MAPPER.createObjectNode();
    }
  }

  /** The JSON answer: the job's state and its spec as a JSON object. */
  record Report(
      String id,
      Optional<String> source,
      boolean enabled,
      PauseState pause,
      String specHash,
      Instant createdAt,
      Instant updatedAt,
      Optional<String> syncedBy,
      boolean inQuartz,
      List<TriggerView> triggers,
      List<Fire> upcoming,
      JsonNode spec,
      String owner,
      long version) {
    static Report of(JobView job) {
      return new Report(
          job.id(),
          job.source(),
          job.enabled(),
          job.pause(),
          job.specHash(),
          job.createdAt(),
          job.updatedAt(),
          job.syncedBy(),
          job.inQuartz(),
          job.triggers(),
          job.upcoming().stream().map(Fire::of).toList(),
          tree(job.specJson()),
          job.owner(),
          job.version());
    }
  }

  /** One upcoming fire, as {@code jobs next} prints it. */
  record Fire(String instant, String local, boolean shifted) {
    static Fire of(FireTime f) {
      return new Fire(
          f.instant().toString(),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(f.zoned()),
          f.shifted());
    }
  }
}
