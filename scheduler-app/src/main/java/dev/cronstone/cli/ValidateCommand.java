package dev.cronstone.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.model.SpecSet;
import dev.cronstone.view.Validation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs validate [PATH...]}: check spec files, and the {@code after} lists of the files read
 * against each other; exit 0 when all are valid, 2 otherwise.
 */
@Command(
    name = "validate",
    description = "Check job spec files and folders; print every problem with its field path.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Spec files or folders (default: the jobs folder of the node config).")
  private List<Path> paths = new ArrayList<>();

  @Override
  public Integer call() {
    List<Path> targets = paths.isEmpty() ? List.of(root.config().jobs().dir()) : paths;
    // after: across the files read; an unknown upstream job only when folders were given (a
    // folder holds the whole set of jobs, as sync reads it; a file's upstream may be elsewhere)
    SpecSet result =
        new SpecLoader(root.clock())
            .loadAll(targets)
            .withAfterChecked(targets.stream().allMatch(Files::isDirectory));
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(ValidationReport.of(result)));
    } else {
      printText(out, result);
    }
    out.flush();
    return result.allValid() ? 0 : ErrorCode.JOB_INVALID_SPEC.exitCode();
  }

  private static void printText(PrintWriter out, SpecSet result) {
    Table table = new Table("RESULT", "JOB", "FILE");
    for (SpecFile file : result.files()) {
      table.row(file.valid() ? "ok" : "INVALID", file.jobId().orElse("-"), file.source());
    }
    table.print(out);
    for (SpecFile file : result.invalid()) {
      out.println();
      out.println(file.source() + ": " + file.envelope().error().message());
      file.problems().forEach(p -> out.println("  " + p.path() + ": " + p.problem()));
    }
    int invalid = result.invalid().size();
    out.println();
    out.println(
        result.files().size()
            + " file(s): "
            + (result.files().size() - invalid)
            + " valid, "
            + invalid
            + " invalid");
  }

  /** The JSON answer: one result per file and an overall verdict. */
  record ValidationReport(boolean valid, int files, int invalid, List<FileResult> results) {
    static ValidationReport of(SpecSet set) {
      List<FileResult> results =
          set.files().stream().map(f -> new FileResult(f.source(), Validation.of(f))).toList();
      return new ValidationReport(
          set.allValid(), set.files().size(), set.invalid().size(), results);
    }
  }

  /**
   * One file's verdict: the file, and what {@code POST /api/v1/validate} answers for it ({@code
   * valid}, {@code jobId}, and the error envelope's body of an invalid one).
   */
  record FileResult(String file, @JsonUnwrapped Validation validation) {}
}
