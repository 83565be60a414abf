package dev.cronstone.artifacts;

import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a run's artifacts, {@code <dir>/<jobId>/<runNo, 6 digits>/}: {@code stdout.log} and {@code
 * stderr.log} (when an output is given), {@code events.jsonl}, {@code summary.md} and last {@code
 * run_receipt.json}, each through a temporary file moved into place, so a reader sees the old file
 * or the new one, never half of one. Writing again (a later attempt, the run's end) replaces the
 * files; logs not given this time stay from the attempt that wrote them. When the attempt whose
 * output is given failed, the summary and the receipt quote the last lines of its stderr ({@link
 * StderrTail}). Every text goes through the run's {@link Redactor} first.
 *
 * <p>Never throws: whatever fails (the folder is a file, the disk is full, a path would leave the
 * artifacts folder, the ledger cannot be read) comes back as an {@link ArtifactResult} failure.
 * Thread-safe; different runs may be written at once.
 */
public final class ArtifactWriter {
  public static final String RECEIPT = "run_receipt.json";
  public static final String SUMMARY = "summary.md";
  public static final String EVENTS = "events.jsonl";
  public static final String STDOUT = "stdout.log";
  public static final String STDERR = "stderr.log";
  static final int EVENT_PAGE = 1000;
  private static final List<String> LOGS = List.of(STDOUT, STDERR);

  private final ArtifactPaths paths;
  private final long outputCapBytes;

  /**
   * @param dir the artifacts folder (created when missing)
   * @param outputCapBytes the capture cap of stdout and stderr, to tell which stream was truncated
   */
  public ArtifactWriter(Path dir, long outputCapBytes, ArtifactsOwner owner) {
    this.paths = new ArtifactPaths(Objects.requireNonNull(dir, "dir"), owner);
    this.outputCapBytes = outputCapBytes;
  }

  /**
   * @param owner the store whose runs these are: a folder of another store is refused
   */
  public ArtifactWriter(ArtifactsConfig config, ArtifactsOwner owner) {
    this(config.dir(), config.maxOutputBytes(), owner);
  }

  /**
   * Claims the artifacts folder for this writer's store before any run is written (a node does at
   * start), creating it and its marker when missing.
   *
   * @throws CronstoneException {@code policy_denied} when the folder belongs to another store,
   *     {@code config_invalid} at {@code artifacts.dir} when it cannot be used at all
   */
  public void claimFolder() {
    try {
      paths.claim();
    } catch (IOException e) {
      throw new CronstoneException(
          ErrorCode.CONFIG_INVALID,
          "cannot use the artifacts folder " + paths.root() + ": " + describe(e),
          null,
          List.of(new Problem("artifacts.dir", describe(e))));
    }
  }

  /** The folder a run's artifacts go to (it may not exist). */
  public Path folder(RunId run) {
    return paths.runFolder(run);
  }

  /**
   * Reads the run, its attempts and its events from the ledger and writes them.
   *
   * @param output the captured output of the attempt that just ended (command tasks), else empty
   */
  public ArtifactResult write(
      RunLedger ledger, RunId id, Optional<Outcome.Output> output, Redactor redactor) {
    try {
      Optional<Run> run = ledger.run(id);
      if (run.isEmpty()) {
        return failed(id, Optional.empty(), List.of(), "run " + id + " is not in the ledger");
      }
      return write(run.get(), ledger.attempts(id), events(ledger, id), output, redactor);
    } catch (RuntimeException e) {
      return failed(
          id,
          Optional.empty(),
          List.of(),
          "cannot read run " + id + " from the ledger: " + describe(e));
    }
  }

  /** Writes the artifacts of a run as given (see the class comment). */
  public ArtifactResult write(
      Run run,
      List<Attempt> attempts,
      List<RunEvent> events,
      Optional<Outcome.Output> output,
      Redactor redactor) {
    RunId id = run.id();
    Optional<Path> folder = Optional.empty();
    List<String> written = new ArrayList<>();
    try {
      ArtifactPaths.RunFolder created = paths.createRunFolder(id);
      Path dir = created.path();
      folder = Optional.of(dir);
      Run clean = Redacted.run(run, redactor);
      List<Attempt> cleanAttempts = Redacted.attempts(attempts, redactor);
      if (output.isPresent()) {
        Outcome.Output out = output.get();
        writeFile(dir, STDOUT, log(out.stdout(), truncated(out, out.stdout()), redactor), written);
        writeFile(dir, STDERR, log(out.stderr(), truncated(out, out.stderr()), redactor), written);
      }
      writeFile(dir, EVENTS, eventLines(events, redactor), written);
      List<String> files = present(dir, output.isPresent(), created.created());
      Optional<StderrTail> tail = StderrTail.of(output, attempts, redactor);
      writeFile(
          dir,
          SUMMARY,
          Summary.of(clean, cleanAttempts, files, tail).getBytes(StandardCharsets.UTF_8),
          written);
      writeFile(
          dir, RECEIPT, Receipt.receipt(clean, cleanAttempts, files, tail).raw('\n'), written);
      return new ArtifactResult(id, folder, written, Optional.empty());
    } catch (Exception e) {
      return failed(
          id,
          folder,
          written,
          redactor.redact("cannot write the artifacts of " + id + ": " + describe(e)));
    }
  }

  private static List<RunEvent> events(RunLedger ledger, RunId id) {
    List<RunEvent> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<RunEvent> page = ledger.events(id, after, EVENT_PAGE);
      all.addAll(page);
      if (page.size() < EVENT_PAGE) {
        return all;
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  private boolean truncated(Outcome.Output out, String text) {
    return out.truncated() && text.getBytes(StandardCharsets.UTF_8).length >= outputCapBytes;
  }

  private byte[] log(String text, boolean truncated, Redactor redactor) {
    String body = redactor.redactTail(text, truncated);
    String head =
        truncated
            ? "[cronstone] output truncated: only the last " + outputCapBytes + " bytes were kept\n"
            : "";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  /** One line an event in seq order, through one buffer (a generator per event cost more). */
  static JsonBytes eventLines(List<RunEvent> events, Redactor redactor) {
    List<RunEvent> ordered = events;
    if (!inSeqOrder(events)) { // the ledger reads them in order: no copy to sort then
      ordered = new ArrayList<>(events);
      ordered.sort(Comparator.comparingLong(RunEvent::seq));
    }
    JsonBytes lines = new JsonBytes(256 * events.size());
    for (RunEvent e : ordered) {
      Receipt.event(e, redactor, lines);
      lines.raw('\n');
    }
    return lines;
  }

  private static boolean inSeqOrder(List<RunEvent> events) {
    long previous = Long.MIN_VALUE;
    for (RunEvent e : events) {
      if (e.seq() < previous) {
        return false;
      }
      previous = e.seq();
    }
    return true;
  }

  /**
   * The artifact files in the folder after this write, in a fixed order (the receipt included). The
   * logs are looked for only when they may be an earlier attempt's: not when this write gave them,
   * nor when it created the folder (which then held nothing).
   */
  private static List<String> present(Path dir, boolean logsWritten, boolean newFolder) {
    List<String> files = new ArrayList<>(5);
    files.add(RECEIPT);
    files.add(SUMMARY);
    files.add(EVENTS);
    for (String log : LOGS) {
      if (logsWritten
          || (!newFolder && Files.isRegularFile(dir.resolve(log), LinkOption.NOFOLLOW_LINKS))) {
        files.add(log);
      }
    }
    return files;
  }

  private static void writeFile(Path dir, String name, byte[] content, List<String> written)
      throws IOException {
    AtomicFiles.write(dir.resolve(name), content);
    written.add(name);
  }

  private static void writeFile(Path dir, String name, JsonBytes content, List<String> written)
      throws IOException {
    AtomicFiles.write(dir.resolve(name), content.array(), content.size());
    written.add(name);
  }

  private static ArtifactResult failed(
      RunId id, Optional<Path> folder, List<String> written, String why) {
    return new ArtifactResult(id, folder, written, Optional.of(why));
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }
}
