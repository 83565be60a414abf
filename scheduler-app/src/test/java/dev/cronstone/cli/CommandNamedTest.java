package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command a command line names, and the command line built for it alone. */
class CommandNamedTest {
  private static final Set<String> KNOWN = Set.of("pause", "store", "help");

  private static Optional<String> named(String... args) {
    return CommandNamed.in(args, KNOWN);
  }

  @Test
  void the_command_is_the_first_argument_after_the_global_options() {
    assertThat(named("pause", "a")).contains("pause");
    assertThat(named("--config", "pause", "store", "nodes")).contains("store");
    assertThat(named("--config=x.yaml", "--output", "json", "pause", "a")).contains("pause");
    assertThat(named("--output=json", "store", "nodes")).contains("store");
  }

  @Test
  void no_command_another_option_or_an_unknown_name_names_none() {
    assertThat(named()).isEmpty();
    assertThat(named("--config", "x.yaml")).isEmpty();
    assertThat(named("--help")).isEmpty();
    assertThat(named("--bogus", "pause")).isEmpty();
    assertThat(named("paws", "a")).isEmpty();
  }

  @Test
  void every_command_is_listed_under_the_name_it_declares() {
    JobsCommand.COMMANDS.forEach(
        (name, type) ->
            assertThat(type.getAnnotation(CommandLine.Command.class).name()).isEqualTo(name));
  }

  @Test
  void a_command_alone_has_the_usage_and_the_errors_it_has_among_all() {
    for (String name : JobsCommand.COMMANDS.keySet()) {
      for (String[] args :
          new String[][] {
            {name, "--help"}, {"--output", "json", name, "--no-such-option"}, {name, "-x", "a"}
          }) {
        assertThat(
                run(JobsCommand.commandLine(Clock.systemUTC(), n -> Optional.empty(), args), args))
            .as(String.join(" ", args))
            .isEqualTo(
                run(JobsCommand.commandLine(Clock.systemUTC(), n -> Optional.empty()), args));
      }
    }
  }

  @Test
  void help_and_completion_get_every_command() {
    assertThat(subcommands("help")).isEqualTo(JobsCommand.COMMANDS.size());
    assertThat(subcommands("completion", "bash")).isEqualTo(JobsCommand.COMMANDS.size());
    assertThat(subcommands("--config", "x.yaml", "pause", "a")).isEqualTo(1);
  }

  private static int subcommands(String... args) {
    return JobsCommand.commandLine(Clock.systemUTC(), n -> Optional.empty(), args)
        .getSubcommands()
        .size();
  }

  private static String run(CommandLine cli, String[] args) {
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit = cli.execute(args);
    return exit + "\n" + out;
  }
}
