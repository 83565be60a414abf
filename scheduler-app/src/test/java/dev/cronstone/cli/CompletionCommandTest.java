package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jobs completion bash|zsh}: a script picocli generates, loaded by a real bash. */
class CompletionCommandTest {
  private static final Path BASH = Path.of("/bin/bash");

  @TempDir Path dir;

  /** The commands a user can type: every subcommand that is not hidden. */
  private static List<String> commands() {
    CommandLine cli = JobsCommand.commandLine(Clock.systemUTC(), name -> Optional.empty());
    return cli.getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  @Test
  void the_bash_script_names_every_command_and_the_global_options() {
    CliRun run = CliRun.run("completion", "bash");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(commands()).contains("validate", "serve", "run", "completion", "api-token");
    for (String command : commands()) {
      assertThat(run.out()).as(command).contains(command);
    }
    assertThat(run.out())
        .contains("complete -F")
        .contains("--output")
        .contains("--config")
        .doesNotContain("cds-training");
  }

  @Test
  void the_zsh_script_is_the_bash_one_loaded_through_bashcompinit() {
    CliRun zsh = CliRun.run("completion", "zsh");
    CliRun bash = CliRun.run("completion", "bash");

    assertThat(zsh.exit()).isZero();
    assertThat(zsh.out()).contains("bashcompinit").endsWith(bash.out());
  }

  @Test
  void another_shell_is_a_usage_error() {
    CliRun run = CliRun.run("completion", "fish");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("invalid_argument").contains("fish");
  }

  @Test
  void sourced_in_a_real_bash_it_completes_jobs_commands() throws Exception {
    assumeTrue(Files.isExecutable(BASH), "needs /bin/bash");
    Path script = dir.resolve("jobs_completion");
    Files.writeString(script, CliRun.run("completion", "bash").out());

    String registered = bash("source '" + script + "' && complete -p jobs");
    assertThat(registered).contains("complete").endsWith(" jobs\n");
    Matcher function = Pattern.compile("-F (\\S+)").matcher(registered);
    assertThat(function.find()).as(registered).isTrue();

    String completed =
        bash(
            "source '"
                + script
                + "'; COMP_WORDS=(jobs va); COMP_CWORD=1; COMP_LINE='jobs va'; COMP_POINT=7; "
                + function.group(1)
                + "; printf '%s\\n' \"${COMPREPLY[@]}\"");
    assertThat(completed.lines()).contains("validate");
  }

  private static String bash(String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(BASH.toString(), "--norc", "--noprofile", "-c", command)
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
