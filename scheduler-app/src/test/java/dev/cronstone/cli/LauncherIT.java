package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/jobs} over the packaged jar, run as a user runs it: from the repository root. */
class LauncherIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Result(int exit, String out, String err) {}

  private static Result jobs(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/jobs").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().remove("JOBS_CONFIG");
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jobs %s finished", List.of(args)).isTrue();
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void the_launcher_validates_syncs_and_lists_the_example_jobs(@TempDir Path dir) throws Exception {
    Result validate = jobs("validate");
    assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
    assertThat(validate.out()).contains("6 file(s): 6 valid, 0 invalid");

    Path config =
        Files.writeString(
            dir.resolve("scheduler.yaml"),
            "store: { url: \"jdbc:h2:file:"
                + dir.resolve("data/cronstone")
                + ";AUTO_SERVER=TRUE\" }\njobs: { dir: \""
                + ROOT.resolve("config/jobs")
                + "\" }\n");
    Result sync = jobs("--config", config.toString(), "sync");
    assertThat(sync.exit()).as(sync.out() + sync.err()).isZero();
    assertThat(sync.out()).contains("6 added, 0 updated, 0 removed, 0 unchanged, 0 invalid");
    Result list = jobs("--config", config.toString(), "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("nightly-report").contains("Europe/Berlin");
    assertThat(list.err()).isEmpty();
    Result again = jobs("--config", config.toString(), "sync", "--output", "json");
    assertThat(again.exit()).isZero();
    assertThat(again.out())
        .contains("\"summary\" : \"0 added, 0 updated, 0 removed, 6 unchanged, 0 invalid\"");
  }

  @Test
  void the_readme_tour_of_a_broken_spec_exits_2_with_every_path(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("report.yaml"),
        """
        id: Nightly_Report
        schedule: { cron: "30 25 * * *", timezone: EST }
        task: { type: command, comand: ["/bin/true"] }
        limits: { maxConcurrent: 0 }
        """);
    Result r = jobs("validate", dir.toString(), "--output", "json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out())
        .contains("\"job_invalid_spec\"")
        .contains("\"schedule.timezone\"")
        .contains("\"schedule.cron\"")
        .contains("\"task.comand\"")
        .contains("\"limits.maxConcurrent\"");
  }

  @Test
  void the_readme_dst_example_is_what_the_launcher_prints() throws Exception {
    Result r = jobs("next", "nightly-report", "--from", "2026-03-28T12:00:00Z", "--count", "2");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines().map(l -> l.substring(0, 25)))
        .containsExactly("2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00");
  }

  @Test
  void version_and_help_work() throws Exception {
    assertThat(jobs("--version").out()).startsWith("cronstone ");
    Result help = jobs("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("validate")
        .contains("next")
        .contains("list")
        .contains("sync")
        .contains("pause");
  }
}
