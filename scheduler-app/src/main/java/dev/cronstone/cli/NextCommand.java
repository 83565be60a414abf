package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.schedule.FireTime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs next <id> | --file F [--count N] [--from INSTANT]}: the next fire instants. */
@Command(
    name = "next",
    description = "Print the next fire instants of a job, in its time zone, with their offsets.",
    mixinStandardHelpOptions = true)
final class NextCommand implements Callable<Integer> {
  static final int MAX_COUNT = 1000;

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  private Target target;

  static final class Target {
    @Parameters(paramLabel = "ID", description = "A job id from the jobs folder.")
    String id;

    @Option(names = "--file", paramLabel = "FILE", description = "A spec file, anywhere.")
    Path file;
  }

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many (1-" + MAX_COUNT + "; default 5).")
  private int count;

  @Option(
      names = "--from",
      paramLabel = "INSTANT",
      description =
          "Start after this time (exclusive; default now): 2026-03-08T07:00:00Z, an offset"
              + " date-time, or a local date-time in the job's zone.")
  private String from;

  @Override
  public Integer call() {
    if (count < 1 || count > MAX_COUNT) {
      throw CronstoneException.invalidArgument(
          "--count", "must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    JobSpec job =
        target.file != null
            ? fromFile(target.file)
            : SpecFolder.read(root.config().jobs().dir(), root.clock()).job(target.id);
    List<FireTime> fires =
        job.schedule().map(s -> s.toSchedule().upcoming(start(s), count)).orElse(List.of());
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(NextReport.of(job, fires)));
    } else if (job.schedule().isEmpty()) {
      out.println(
          job.id() + " has no schedule: it runs only when asked (jobs run " + job.id() + ")");
    } else {
      fires.forEach(f -> out.println(describe(f)));
    }
    out.flush();
    return 0;
  }

  private JobSpec fromFile(Path file) {
    SpecFile result = new SpecLoader(root.clock()).load(file);
    return result.spec().orElseThrow(result::exception);
  }

  private Instant start(ScheduleSpec schedule) {
    if (from == null) {
      return root.clock().instant();
    }
    return parseFrom(from, schedule.timezone())
        .orElseThrow(
            () ->
                CronstoneException.invalidArgument(
                    "--from",
                    "expected an instant such as 2026-03-08T07:00:00Z, an offset date-time or a"
                        + " local date-time, got '"
                        + from
                        + "'"));
  }

  static Optional<Instant> parseFrom(String text, ZoneId zone) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException ignored) {
      // not an instant; try the next shape
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException ignored) {
      // not an offset date-time; try a local one
    }
    try {
      // A local date-time in the job's zone; ofLocal picks the earlier offset when ambiguous.
      return Optional.of(ZonedDateTime.ofLocal(LocalDateTime.parse(text), zone, null).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String describe(FireTime fire) {
    String line =
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(fire.zoned()) + "  " + fire.zone().getId();
    if (fire.shifted()) {
      line +=
          "  ("
              + fire.scheduledWallTime().toLocalTime()
              + " does not exist on "
              + fire.fireDate()
              + ": shifted forward by the daylight-saving gap)";
    }
    return line;
  }

  record NextReport(String jobId, String timezone, List<String> expressions, List<Fire> fires) {
    static NextReport of(JobSpec job, List<FireTime> fires) {
      return new NextReport(
          job.id(),
          job.schedule().map(s -> s.timezone().getId()).orElse(null),
          job.schedule().map(ScheduleSpec::cron).orElse(List.of()),
          fires.stream().map(Fire::of).toList());
    }
  }

  record Fire(String instant, String local, String scheduledWallTime, boolean shifted) {
    static Fire of(FireTime f) {
      return new Fire(
          f.instant().toString(),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(f.zoned()),
          f.scheduledWallTime().toString(),
          f.shifted());
    }
  }
}
