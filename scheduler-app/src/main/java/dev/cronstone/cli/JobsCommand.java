package dev.cronstone.cli;

import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.node.Node;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code jobs}: the operator's command line (docs/cli.md). */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Cronstone: a clustered job scheduler. Validate, inspect and run jobs.",
    subcommands = {
      ValidateCommand.class,
      NextCommand.class,
      ListCommand.class,
      ShowCommand.class,
      SyncCommand.class,
      ApplyCommand.class,
      DeleteCommand.class,
      EnableCommand.Enable.class,
      EnableCommand.Disable.class,
      VersionsCommand.class,
      ExportCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      ServeCommand.class,
      StoreCommand.class,
      ApiTokenCommand.class,
      PruneCommand.class,
      RunCommand.class,
      BackfillCommand.class,
      TailCommand.class,
      LogsCommand.class,
      HistoryCommand.class,
      CancelCommand.class,
      CdsTrainingCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    sortOptions = false)
public final class JobsCommand implements Runnable {
  private final Clock clock;
  private final Function<String, Optional<String>> env;
  private Path configFile;
  private OutputFormat output = OutputFormat.TEXT;

  JobsCommand(Clock clock, Function<String, Optional<String>> env) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.env = Objects.requireNonNull(env, "env");
  }

  @Spec private CommandSpec spec;

  /** {@code jobs} with no command: the help, exit 0. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int exit =
        commandLine(Clock.systemUTC(), name -> Optional.ofNullable(System.getenv(name)))
            .execute(args);
    System.exit(exit);
  }

  /** The configured picocli command line; tests run it in-process with their own clock and env. */
  static CommandLine commandLine(Clock clock, Function<String, Optional<String>> env) {
    JobsCommand root = new JobsCommand(clock, env);
    CommandLine cli = new CommandLine(root);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new ErrorHandler(root));
    cli.setParameterExceptionHandler(new UsageErrorHandler(root));
    return cli;
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "Node config (default: $JOBS_CONFIG, else config/scheduler.yaml if present, else built-in"
              + " defaults).")
  void setConfigFile(Path file) {
    this.configFile = file;
  }

  @Option(
      names = "--output",
      paramLabel = "text|json",
      scope = ScopeType.INHERIT,
      description = "Output for people (text, the default) or for scripts (json).")
  void setOutput(OutputFormat output) {
    this.output = output;
  }

  /** The {@code --config} file given, if any. */
  Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  OutputFormat output() {
    return output;
  }

  Clock clock() {
    return clock;
  }

  /** Where {@code ${env:NAME}} secrets are read from: this process's environment. */
  Function<String, Optional<String>> env() {
    return env;
  }

  /** Starts a node of this process (the CLI's clock and environment). */
  Node startNode(NodeConfig config) {
    return Node.start(config, clock, env);
  }

  /**
   * The node config, loaded on first use so that commands which do not need it never fail on it.
   */
  NodeConfig config() {
    return new ConfigLoader(env).resolve(Optional.ofNullable(configFile));
  }
}
