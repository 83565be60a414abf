package dev.cronstone.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts command tasks in their own session and process group, tied to the node's life, with
 * util-linux and coreutils programs and no shell. A task's argv is prefixed with
 *
 * <pre>setsid -- setpriv --pdeathsig ALRM -- timeout -s KILL -- 0 argv...</pre>
 *
 * Each of {@code setsid} and {@code setpriv} execs the next program in the same process (a child of
 * the JVM is never a group leader, so {@code setsid} does not fork): the process the JVM started
 * becomes {@code timeout}, leader of a new session whose id is its pid, with a parent-death signal
 * that survives the execs. {@code timeout} with a duration of 0 never times out by itself; it runs
 * the task as its child and stays as a sentinel in the group: when the node dies, the kernel sends
 * it {@code SIGALRM}, which {@code timeout} takes as its own timeout and answers with {@code
 * SIGKILL} to the whole group. Exit statuses pass through {@code timeout} unchanged.
 *
 * <p>When a helper is missing (not Linux, or util-linux older than 2.33), tasks start as they are,
 * without a group, and one WARN line says so.
 */
final class ProcessGroups {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
  static final List<Path> BIN_DIRS =
      List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));
  private static final Path PROC = Path.of("/proc");
  private static final long PROBE_SECONDS = 10;
  private static volatile ProcessGroups system;

  private final List<String> prefix;
  private final Optional<String> kill;
  private final String missing;
  private final AtomicBoolean warned = new AtomicBoolean();

  private ProcessGroups(List<String> prefix, Optional<String> kill, String missing) {
    this.prefix = prefix;
    this.kill = kill;
    this.missing = missing;
  }

  /** What this machine has, found once. */
  static ProcessGroups system() {
    ProcessGroups found = system;
    if (found == null) {
      synchronized (ProcessGroups.class) {
        if (system == null) {
          system = detect(BIN_DIRS);
        }
        found = system;
      }
    }
    return found;
  }

  /** Looks for the helpers in {@code dirs} and checks, by running them once, that they work. */
  static ProcessGroups detect(List<Path> dirs) {
    List<String> absent = new ArrayList<>();
    Optional<String> setsid = find(dirs, "setsid", absent);
    Optional<String> setpriv = find(dirs, "setpriv", absent);
    Optional<String> timeout = find(dirs, "timeout", absent);
    Optional<String> kill = find(dirs, "kill", absent);
    if (!Files.isReadable(PROC.resolve("self/stat"))) {
      absent.add("/proc");
    }
    if (!absent.isEmpty()) {
      return unavailable("not found: " + String.join(", ", absent));
    }
    List<String> prefix =
        List.of(
            setsid.get(),
            "--",
            setpriv.get(),
            "--pdeathsig",
            "ALRM",
            "--",
            timeout.get(),
            "-s",
            "KILL",
            "--",
            "0");
    List<String> probe = new ArrayList<>(prefix);
    probe.addAll(List.of(timeout.get(), "--version"));
    return probe(probe)
        .map(ProcessGroups::unavailable)
        .orElseGet(() -> new ProcessGroups(prefix, kill, ""));
  }

  private static ProcessGroups unavailable(String why) {
    return new ProcessGroups(List.of(), Optional.empty(), why);
  }

  private static Optional<String> find(List<Path> dirs, String name, List<String> absent) {
    Optional<String> found =
        dirs.stream()
            .map(d -> d.resolve(name))
            .filter(Files::isExecutable)
            .findFirst()
            .map(Path::toString);
    if (found.isEmpty()) {
      absent.add(name);
    }
    return found;
  }

  /** Runs the helpers once; empty when they work, else why not. */
  private static Optional<String> probe(List<String> argv) {
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of(String.join(" ", argv) + " did not answer");
      }
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of(String.join(" ", argv) + " exited with " + p.exitValue());
    } catch (IOException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while checking " + argv.get(0));
    }
  }

  boolean available() {
    return !prefix.isEmpty();
  }

  /**
   * The argv to start so that {@code argv} runs as a task in its own group; as it is without
   * helpers.
   */
  List<String> wrap(List<String> argv) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(argv);
    return all;
  }

  /** One WARN line per node process when tasks cannot get their own group. */
  void warnOnce(String nodeId) {
    if (!available() && warned.compareAndSet(false, true)) {
      LOG.warn(
          "[{}] command tasks run without their own process group and are not tied to this node's life"
              + " ({}): a timeout or cancel stops only the task's current child processes",
          nodeId,
          missing);
    }
  }

  /**
   * Sends {@code signal} (a name: TERM, KILL) to every process in group {@code pgid}; false when
   * none got it. Goes through {@code kill -- -pgid}, so a process forking right now cannot slip by.
   */
  boolean signal(long pgid, String signal) {
    if (kill.isEmpty()) {
      return false;
    }
    Process p;
    try {
      p =
          new ProcessBuilder(kill.get(), "-s", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return false;
    }
    // kill answers at once; a stop must not be cut short by an interrupt, which is kept for later.
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return p.waitFor() == 0;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether a live (not zombie) process is still in group {@code pgid}. */
  static boolean alive(long pgid) {
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .anyMatch(p -> ProcStat.read(p).filter(s -> s.pgrp() == pgid && !s.zombie()).isPresent());
    } catch (IOException e) {
      return false;
    }
  }
}
