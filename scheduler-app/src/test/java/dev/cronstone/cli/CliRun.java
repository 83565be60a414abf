package dev.cronstone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Runs the {@code jobs} command in-process with a fixed clock and environment. */
record CliRun(int exit, String out, String err) {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  static CliRun run(Map<String, String> env, String... args) {
    return run(Clock.fixed(NOW, ZoneOffset.UTC), env, args);
  }

  /** With {@code clock}: one that moves, for commands that wait. */
  static CliRun run(Clock clock, Map<String, String> env, String... args) {
    CommandLine cli =
        JobsCommand.commandLine(clock, name -> Optional.ofNullable(env.get(name)), args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  JsonNode json() {
    return parse(out);
  }

  JsonNode errorJson() {
    return parse(err);
  }

  private static JsonNode parse(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
