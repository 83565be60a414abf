package dev.cronstone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs export <id> [-o FILE] [--force]}: a stored job's spec as a spec file (YAML, or JSON
 * for a {@code .json} file), which {@code jobs validate} accepts and whose content is the stored
 * one. Put in the jobs folder, the file takes the job over from the store (docs/job-spec.md, "Who
 * owns a job").
 */
@Command(
    name = "export",
    description =
        "Write a stored job's spec as a spec file (YAML; JSON when FILE ends in .json). Putting it"
            + " in the jobs folder hands a store-owned job over to the file.",
    mixinStandardHelpOptions = true)
final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A job id.")
  private String id;

  @Option(
      names = {"-o", "--output-file"},
      paramLabel = "FILE",
      description = "Write to FILE (default: standard output).")
  private Path target;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  private boolean force;

  @Override
  public Integer call() throws IOException {
    JobView job;
    try (JobService jobs = Operator.jobs(root)) {
      job = jobs.show(id);
    }
    boolean json =
        target != null
            && target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    String text = json ? json(job) : yaml(job);
    if (target == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return 0;
    }
    write(text);
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "wrote "
            + id
            + " (version "
            + job.version()
            + ", "
            + job.owner()
            + "-owned) to "
            + target
            + (job.owner().equals("store")
                ? "; in the jobs folder it takes the job over from the store at the next sync"
                : ""));
    err.flush();
    return 0;
  }

  private void write(String text) throws IOException {
    StandardOpenOption mode =
        force ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW;
    try {
      Files.writeString(
          target,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          mode,
          StandardOpenOption.WRITE);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw CronstoneException.invalidArgument(
          "--output-file", target + " exists already: add --force to overwrite it");
    } catch (IOException e) {
      throw new CronstoneException(
          ErrorCode.INVALID_ARGUMENT,
          "cannot write " + target + ": " + e.getMessage(),
          id,
          List.of(new Problem("--output-file", String.valueOf(e.getMessage()))));
    }
  }

  private static String json(JobView job) throws IOException {
    return JSON.writeValueAsString(JSON.readTree(job.specJson())) + "\n";
  }

  private static String yaml(JobView job) throws IOException {
    JsonNode tree = JSON.readTree(job.specJson());
    return "# "
        + job.id()
        + ": exported from the store (version "
        + job.version()
        + ", "
        + job.owner()
        + "-owned).\n"
        + "# In the jobs folder this file owns the job: sync manages it from then on.\n"
        + YAML.writeValueAsString(tree);
  }
}
