package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any exception a command throws into the error envelope (docs/cli.md, "Exit codes") (JSON on
 * stderr) or a one-line message, with the exit code from the {@link ErrorCode} table. Never a stack
 * trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  private final JobsCommand root;

  ErrorHandler(JobsCommand root) {
    this.root = root;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    CronstoneException error =
        ex instanceof CronstoneException ce
            ? ce
            : new CronstoneException(
                ErrorCode.INTERNAL_ERROR,
                "unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage(),
                null,
                List.of(),
                ex);
    report(root.output(), cmd, error);
    return error.code().exitCode();
  }

  static void report(OutputFormat format, CommandLine cmd, CronstoneException error) {
    if (format == OutputFormat.JSON) {
      cmd.getErr().println(Json.write(error.envelope()));
    } else {
      StringBuilder line = new StringBuilder("error: ").append(error.getMessage());
      line.append(" [").append(error.code().code()).append(']');
      cmd.getErr().println(line);
      // A detail the message already says is not printed a second time.
      error.details().stream()
          .filter(p -> !error.getMessage().contains(p.problem()))
          .forEach(p -> cmd.getErr().println("  " + p.path() + ": " + p.problem()));
    }
    cmd.getErr().flush();
  }
}
