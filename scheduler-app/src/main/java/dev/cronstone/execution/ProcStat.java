package dev.cronstone.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The few fields of {@code /proc/<pid>/stat} that say where a process is and whether it runs. */
record ProcStat(char state, long ppid, long pgrp, long session) {

  static Optional<ProcStat> of(long pid) {
    return read(Path.of("/proc", Long.toString(pid)));
  }

  /** Empty when the process is gone (or its entry cannot be read). */
  static Optional<ProcStat> read(Path procDir) {
    try {
      String stat = Files.readString(procDir.resolve("stat"));
      // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(
          new ProcStat(
              f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Dead but not yet reaped by its parent: it runs no more. */
  boolean zombie() {
    return state == 'Z' || state == 'X';
  }
}
