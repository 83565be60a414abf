package dev.cronstone.cli;

import dev.cronstone.service.AdminStore;
import dev.cronstone.tokens.IssuedToken;
import dev.cronstone.tokens.StoredToken;
import dev.cronstone.tokens.TokenStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs api-token ...}: the cluster's API tokens kept in the store (hashed), which every node
 * accepts within {@code 5 s} of a change. Works on the store directly, with or without a node.
 */
@Command(
    name = "api-token",
    description = "List, rotate and revoke the API tokens every node of this store accepts.",
    mixinStandardHelpOptions = true)
final class ApiTokenCommand implements Runnable {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  /** A token as listed: never its digest, never the token. */
  record Listed(
      String name, String status, Instant createdAt, Instant expiresAt, String createdBy) {
    static Listed of(StoredToken t, Instant now) {
      String status =
          !t.liveAt(now) ? "ended" : t.expiresAt().isPresent() ? "live (ending)" : "live";
      return new Listed(t.name(), status, t.createdAt(), t.expiresAt().orElse(null), t.createdBy());
    }
  }

  record Rotated(String name, String token, Instant createdAt, Instant othersEndAt) {}

  record Revoked(String name, boolean wasLive, int liveLeft) {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", description = "Names, creation and end of every token (never a token).")
  int list() {
    Instant now = root.clock().instant();
    List<Listed> tokens = tokens().list().stream().map(t -> Listed.of(t, now)).toList();
    print(
        tokens,
        out -> {
          Table table = new Table("NAME", "STATUS", "CREATED", "ENDS", "CREATED BY");
          tokens.forEach(
              t ->
                  table.row(
                      t.name(),
                      t.status(),
                      t.createdAt(),
                      t.expiresAt() == null ? "never" : t.expiresAt(),
                      t.createdBy()));
          table.print(out);
          if (tokens.isEmpty()) {
            out.println(
                "(no token is kept in the store: a node with no api.token makes one when it"
                    + " starts)");
          }
        });
    return 0;
  }

  @Command(
      name = "rotate",
      description = "Make a new token (printed once) and end the current ones after the overlap.")
  int rotate(
      @Option(
              names = "--overlap",
              paramLabel = "DURATION",
              defaultValue = "PT1H",
              description = "How long the current tokens stay valid (ISO-8601, default PT1H).")
          Duration overlap,
      @Option(
              names = "--name",
              paramLabel = "NAME",
              description = "The new token's name (default api-<yyyyMMdd-HHmmss>, UTC).")
          Optional<String> name) {
    Instant now = root.clock().instant();
    IssuedToken issued = tokens().rotate(name, overlap, Operator.name(), now);
    Instant end = issued.stored().createdAt().plus(overlap);
    print(
        new Rotated(issued.name(), issued.token(), issued.stored().createdAt(), end),
        out -> {
          out.println(issued.token());
          out.println(
              "new API token '"
                  + issued.name()
                  + "' (shown once: keep it now); every node accepts it within 5 s;"
                  + " the previous tokens end at "
                  + end);
        });
    return 0;
  }

  @Command(name = "revoke", description = "End a token now, on every node within 5 s.")
  int revoke(@Parameters(paramLabel = "NAME", description = "The token's name.") String name) {
    Instant now = root.clock().instant();
    TokenStore store = tokens();
    boolean wasLive = store.revoke(name, now);
    int left = store.live(now).size();
    print(
        new Revoked(name, wasLive, left),
        out -> {
          out.println(
              wasLive ? "revoked API token '" + name + "'" : "'" + name + "' had ended already");
          if (left == 0) {
            out.println(
                "no token in the store is live: nodes accept only their configured tokens;"
                    + " `jobs api-token rotate` makes a new one");
          }
        });
    return 0;
  }

  private TokenStore tokens() {
    return AdminStore.open(root.config().store()).tokens();
  }

  private void print(Object value, java.util.function.Consumer<PrintWriter> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(value));
    } else {
      text.accept(out);
    }
    out.flush();
  }
}
