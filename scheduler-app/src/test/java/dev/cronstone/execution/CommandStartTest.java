package dev.cronstone.execution;

import static dev.cronstone.execution.TaskProcesses.fire;
import static dev.cronstone.execution.TaskProcesses.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cronstone.model.CommandTask;
import dev.cronstone.model.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Starting a command task through the process-group helpers changes nothing the task can see: its
 * argv reaches exec as written, its exit code is its own, a program that cannot start says so. And
 * without the helpers, tasks still run, with one WARN line.
 */
class CommandStartTest {
  @TempDir Path dir;

  private Outcome run(String yaml) throws InterruptedException {
    return run(spec(yaml), ProcessGroups.system());
  }

  private static Outcome run(JobSpec job, ProcessGroups groups) throws InterruptedException {
    FireContext fire = fire(job);
    return new CommandRunner(4096, job.parameters(), TaskObserver.NONE, groups)
        .run((CommandTask) job.task(), fire, new TaskValues(fire, name -> Optional.empty()));
  }

  private static String yamlList(List<String> items) {
    return items.stream()
        .map(i -> "    - '" + i.replace("'", "''") + "'")
        .collect(Collectors.joining("\n"));
  }

  @Test
  void the_argv_reaches_exec_unchanged() throws Exception {
    assumeTrue(ProcessGroups.system().available());
    Path marker = dir.resolve("pwned");
    List<String> args =
        List.of(
            "two words",
            "it's \"quoted\"",
            "$(touch " + marker + ")",
            "; touch " + marker,
            "-n",
            "--",
            "--help",
            "-s",
            "KILL",
            "",
            "*",
            "back\\slash",
            "tab\there");
    Outcome o =
        run(
            "id: argv\ntask:\n  type: command\n  command:\n    - /usr/bin/printf\n    - '[%s]\\n'\n"
                + yamlList(args)
                + "\n");
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout())
        .isEqualTo(args.stream().map(a -> "[" + a + "]\n").collect(Collectors.joining()));
    assertThat(marker).doesNotExist();
  }

  @Test
  void a_program_whose_name_starts_with_a_dash_is_found_in_the_tasks_path() throws Exception {
    assumeTrue(ProcessGroups.system().available());
    Files.createSymbolicLink(dir.resolve("-echo"), Path.of("/bin/echo"));
    Outcome o =
        run(
            "id: dash\ntask:\n  type: command\n  command: ['-echo', '-x', 'y']\n  env: { PATH: '"
                + dir
                + ":/usr/bin:/bin' }\n");
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout()).isEqualTo("-x y\n");
  }

  @Test
  void the_exit_code_is_the_tasks_own() throws Exception {
    for (int code : new int[] {0, 3, 126, 127, 255}) {
      Outcome o =
          run(
              "id: c\ntask: { type: command, command: [\"/bin/sh\", \"-c\", \"exit "
                  + code
                  + "\"] }\n");
      assertThat(o.exitCode()).contains(code);
      assertThat(o.status())
          .isEqualTo(code == 0 ? Outcome.Status.SUCCEEDED : Outcome.Status.FAILED);
    }
    Outcome signalled =
        run("id: c\ntask: { type: command, command: [\"/bin/sh\", \"-c\", \"kill -USR1 $$\"] }\n");
    assertThat(signalled.exitCode()).as("128 + SIGUSR1, as the JVM reports a signal").contains(138);
  }

  @Test
  void a_program_that_cannot_start_says_why() throws Exception {
    Outcome missing = run("id: c\ntask: { type: command, command: [\"/nonexistent/tool\"] }\n");
    assertThat(missing.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(missing.detail())
        .isEqualTo("cannot start /nonexistent/tool: error=2, No such file or directory");
    Outcome notOnPath =
        run("id: c\ntask: { type: command, command: [\"no-such-program-anywhere\"] }\n");
    assertThat(notOnPath.detail())
        .isEqualTo("cannot start no-such-program-anywhere: error=2, No such file or directory");
    Path plain = Files.writeString(dir.resolve("plain.txt"), "not a program\n");
    Outcome denied = run("id: c\ntask: { type: command, command: [\"" + plain + "\"] }\n");
    assertThat(denied.detail())
        .isEqualTo("cannot start " + plain + ": error=13, Permission denied");
    assertThat(denied.exitCode()).isEmpty();
  }

  @Test
  void a_relative_program_is_found_from_the_workdir() throws Exception {
    Path tool =
        Files.writeString(dir.resolve("tool.sh"), "#!/bin/sh\necho ran in \"$PWD\" with \"$1\"\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Outcome o =
        run(
            "id: c\ntask: { type: command, command: [\"./tool.sh\", \"a b\"], workdir: \""
                + dir
                + "\" }\n");
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout()).isEqualTo("ran in " + dir + " with a b\n");
  }

  @Test
  void without_the_helpers_tasks_run_as_before_with_one_warning() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ProcessGroups.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      ProcessGroups none = ProcessGroups.detect(List.of(dir));
      assertThat(none.available()).isFalse();
      assertThat(none.wrap(List.of("/bin/true"))).containsExactly("/bin/true");
      Outcome exit3 =
          run(
              spec("id: c\ntask: { type: command, command: [\"/bin/sh\", \"-c\", \"exit 3\"] }\n"),
              none);
      assertThat(exit3.exitCode()).contains(3);
      Outcome missing =
          run(spec("id: c\ntask: { type: command, command: [\"/nonexistent/tool\"] }\n"), none);
      assertThat(missing.detail())
          .startsWith("cannot start /nonexistent/tool")
          .contains("No such file");
      assertThat(logs.list)
          .hasSize(1)
          .first()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage())
                    .startsWith("[node-t] command tasks run without their own process group")
                    .contains("not found: setsid, setpriv, timeout, kill");
              });
    } finally {
      logger.detachAppender(logs);
    }
  }
}
