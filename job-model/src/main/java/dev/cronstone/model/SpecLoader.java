package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads job specs (docs/job-spec.md) from YAML or JSON, picked by file extension, and validates
 * them strictly, reporting every problem with its field path. Never throws for bad input: every
 * problem, I/O failures included, ends up in a {@link SpecFile}.
 */
public final class SpecLoader {
  /** Files from which {@link #loadAll} reads and validates in parallel. */
  static final int PARALLEL_FROM = 64;

  private final SpecValidator validator;

  /** The clock decides "now" for the check that a cron expression fires in the next 10 years. */
  public SpecLoader(Clock clock) {
    this.validator = new SpecValidator(Objects.requireNonNull(clock, "clock"));
  }

  /** One spec from bytes; {@code sourceName}'s extension (.yaml, .yml, .json) picks the format. */
  public SpecFile parse(String sourceName, byte[] content) {
    Optional<SpecFormat> format = SpecFormat.of(sourceName);
    if (format.isEmpty()) {
      return failed(sourceName, "unsupported file type: spec files end in .yaml, .yml or .json");
    }
    ObjectNode root;
    try {
      root = SpecReader.read(content, format.get());
    } catch (SpecSyntaxException e) {
      return failed(sourceName, e.getMessage());
    }
    return validated(sourceName, root);
  }

  private SpecFile validated(String sourceName, ObjectNode root) {
    Optional<String> id = SpecValidator.declaredId(root);
    try {
      Problems problems = new Problems();
      Optional<JobSpec> spec = validator.validate(root, problems);
      return spec.isPresent()
          ? SpecFile.valid(sourceName, spec.get())
          : SpecFile.invalid(sourceName, id, problems.list());
    } catch (RuntimeException | StackOverflowError e) {
      return SpecFile.invalid(
          sourceName, id, List.of(Problem.root("internal error while validating: " + e)));
    }
  }

  /**
   * A spec sent for the job {@code jobId} (the API's {@code PUT /api/v1/jobs/{id}}): read and
   * validated exactly as {@link #parse}, except that a spec without an {@code id} takes {@code
   * jobId}, and a spec whose {@code id} differs from it gets a problem at {@code id}.
   */
  public SpecFile parseFor(String jobId, String sourceName, byte[] content) {
    Objects.requireNonNull(jobId, "jobId");
    Optional<SpecFormat> format = SpecFormat.of(sourceName);
    if (format.isEmpty()) {
      return failed(sourceName, "unsupported file type: spec files end in .yaml, .yml or .json");
    }
    ObjectNode root;
    try {
      root = SpecReader.read(content, format.get());
    } catch (SpecSyntaxException e) {
      return failed(sourceName, e.getMessage());
    }
    if (root.get("id") == null) {
      root.put("id", jobId);
    }
    SpecFile file = validated(sourceName, root);
    JsonNode id = root.get("id");
    if (id.isTextual() && !id.textValue().equals(jobId)) {
      String shown =
          id.textValue().length() > 70 ? id.textValue().substring(0, 70) + "…" : id.textValue();
      return file.withProblem(
          new Problem(
              "id", "'" + shown + "' is not the job this spec is sent for ('" + jobId + "')"));
    }
    return file;
  }

  /** One spec file; a file that cannot be read gives a {@code $} problem. */
  public SpecFile load(Path file) {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      return failed(source, "is a directory, not a spec file");
    }
    if (!Files.exists(file)) {
      return failed(source, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      return failed(source, "not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(SpecReader.MAX_BYTES + 1);
      return parse(source, content);
    } catch (IOException | RuntimeException e) {
      return failed(source, "cannot read the file: " + e.getMessage());
    }
  }

  /**
   * Spec files and folders of spec files (not recursive: the folder's *.yaml, *.yml and *.json
   * files, sorted by name, hidden files left out). Every file gets a result, so one bad file never
   * hides the others; files that share an id all get a problem at {@code id}. Files are read and
   * validated in parallel; the results keep the order of the files.
   */
  public SpecSet loadAll(List<Path> paths) {
    List<Supplier<SpecFile>> work = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try {
          for (Path file : specFilesIn(path)) {
            if (seen.add(file.toAbsolutePath().normalize())) {
              work.add(() -> load(file));
            }
          }
        } catch (IOException | RuntimeException e) {
          SpecFile failed = failed(path.toString(), "cannot list the folder: " + e.getMessage());
          work.add(() -> failed);
        }
      } else if (seen.add(path.toAbsolutePath().normalize())) {
        work.add(() -> load(path));
      }
    }
    List<SpecFile> files =
        work.size() < PARALLEL_FROM
            ? work.stream().map(Supplier::get).toList()
            : work.parallelStream().map(Supplier::get).toList();
    return new SpecSet(flagDuplicateIds(files));
  }

  private static List<Path> specFilesIn(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".")
            && SpecFormat.of(name).isPresent()
            && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    }
    files.sort(null);
    return files;
  }

  private static List<SpecFile> flagDuplicateIds(List<SpecFile> files) {
    Map<String, List<SpecFile>> byId =
        files.stream()
            .filter(f -> f.jobId().isPresent())
            .collect(
                Collectors.groupingBy(
                    f -> f.jobId().get(), LinkedHashMap::new, Collectors.toList()));
    List<SpecFile> result = new ArrayList<>();
    for (SpecFile file : files) {
      List<SpecFile> sharing = file.jobId().map(byId::get).orElse(List.of());
      if (sharing.size() < 2) {
        result.add(file);
        continue;
      }
      String others =
          sharing.stream()
              .filter(f -> f != file)
              .map(SpecFile::source)
              .collect(Collectors.joining(", "));
      result.add(
          file.withProblem(
              new Problem("id", "duplicate id '" + file.jobId().get() + "': also in " + others)));
    }
    return result;
  }

  private static SpecFile failed(String source, String problem) {
    return SpecFile.invalid(source, Optional.empty(), List.of(Problem.root(problem)));
  }
}
