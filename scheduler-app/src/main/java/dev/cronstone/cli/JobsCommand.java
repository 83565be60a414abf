package dev.cronstone.cli;

import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.node.Node;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    sortOptions = false)
public final class JobsCommand implements Runnable {
  /**
   * The commands, by name, in the order the help lists them. Picocli builds the model of every
   * command it is given (each class read reflectively and instantiated); a command line that names
   * one of these gets only that one ({@link #commandLine(Clock, Function, String[])}).
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  /** The commands that read the whole command tree: its help, its completion script. */
  private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("validate", ValidateCommand.class);
    commands.put("next", NextCommand.class);
    commands.put("list", ListCommand.class);
    commands.put("show", ShowCommand.class);
    commands.put("sync", SyncCommand.class);
    commands.put("apply", ApplyCommand.class);
    commands.put("delete", DeleteCommand.class);
    commands.put("enable", EnableCommand.Enable.class);
    commands.put("disable", EnableCommand.Disable.class);
    commands.put("versions", VersionsCommand.class);
    commands.put("export", ExportCommand.class);
    commands.put("pause", PauseCommand.class);
    commands.put("resume", ResumeCommand.class);
    commands.put("serve", ServeCommand.class);
    commands.put("store", StoreCommand.class);
    commands.put("api-token", ApiTokenCommand.class);
    commands.put("prune", PruneCommand.class);
    commands.put("run", RunCommand.class);
    commands.put("backfill", BackfillCommand.class);
    commands.put("tail", TailCommand.class);
    commands.put("logs", LogsCommand.class);
    commands.put("history", HistoryCommand.class);
    commands.put("cancel", CancelCommand.class);
    commands.put("cds-training", CdsTrainingCommand.class);
    commands.put("completion", CompletionCommand.class);
    commands.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

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
        commandLine(Clock.systemUTC(), name -> Optional.ofNullable(System.getenv(name)), args)
            .execute(args);
    System.exit(exit);
  }

  /** The configured picocli command line with every command (the help, completion scripts). */
  static CommandLine commandLine(Clock clock, Function<String, Optional<String>> env) {
    return commandLine(clock, env, COMMANDS.keySet());
  }

  /**
   * The command line to run {@code args} with: only the command they name when they name one after
   * nothing but global options ({@link CommandNamed}), every command otherwise (no command, an
   * unknown one, {@code help} and {@code completion}, which read them all). Tests run it in-process
   * with their own clock and env.
   */
  static CommandLine commandLine(
      Clock clock, Function<String, Optional<String>> env, String[] args) {
    Optional<String> named =
        CommandNamed.in(args, COMMANDS.keySet()).filter(name -> !WHOLE_TREE.contains(name));
    return commandLine(clock, env, named.map(Set::of).orElse(COMMANDS.keySet()));
  }

  private static CommandLine commandLine(
      Clock clock, Function<String, Optional<String>> env, Set<String> names) {
    JobsCommand root = new JobsCommand(clock, env);
    CommandLine cli = new CommandLine(root);
    names.forEach(name -> cli.addSubcommand(name, COMMANDS.get(name)));
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
