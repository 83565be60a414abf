package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A bad command line: {@code invalid_argument}, exit 2, with the usage of the command. */
final class UsageErrorHandler implements IParameterExceptionHandler {
  private final JobsCommand root;

  UsageErrorHandler(JobsCommand root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String path = ex.getArgSpec() == null ? Problem.ROOT : argName(ex);
    CronstoneException error =
        new CronstoneException(
            ErrorCode.INVALID_ARGUMENT,
            ex.getMessage(),
            null,
            List.of(new Problem(path, ex.getMessage())));
    ErrorHandler.report(outputOf(args), cmd, error);
    if (outputOf(args) == OutputFormat.TEXT) {
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    return ErrorCode.INVALID_ARGUMENT.exitCode();
  }

  /** The --output the user asked for, even when the command line did not parse. */
  private OutputFormat outputOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equalsIgnoreCase("--output=json")
          || (args[i].equals("--output")
              && i + 1 < args.length
              && args[i + 1].equalsIgnoreCase("json"))) {
        return OutputFormat.JSON;
      }
    }
    return root.output();
  }

  private static String argName(ParameterException ex) {
    if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
      return o.longestName();
    }
    return ex.getArgSpec().paramLabel();
  }
}
