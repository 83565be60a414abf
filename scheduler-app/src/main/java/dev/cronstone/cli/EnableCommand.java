package dev.cronstone.cli;

import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.JobEdits;
import dev.cronstone.view.EnabledChange;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs enable|disable <id> [--if-version N]}: set {@code enabled} in a store-owned job's
 * spec, a new version when it changes. A file-owned job is enabled or disabled in its file.
 */
final class EnableCommand {
  private EnableCommand() {}

  @Command(
      name = "enable",
      description = "Enable a store-owned job (enabled: true in its spec; a new version).",
      mixinStandardHelpOptions = true)
  static final class Enable extends Toggle {
    Enable() {
      super(true);
    }
  }

  @Command(
      name = "disable",
      description =
          "Disable a store-owned job (enabled: false in its spec, a new version): it keeps no"
              + " trigger and never fires. An operator's pause is 'jobs pause'.",
      mixinStandardHelpOptions = true)
  static final class Disable extends Toggle {
    Disable() {
      super(false);
    }
  }

  abstract static class Toggle implements Callable<Integer> {
    private final boolean enabled;

    @ParentCommand private JobsCommand root;
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A job id.")
    private String id;

    @Option(
        names = "--if-version",
        paramLabel = "N",
        description = "Only if the job is at version N now (else version_conflict, exit 7).")
    private Long ifVersion;

    Toggle(boolean enabled) {
      this.enabled = enabled;
    }

    @Override
    public Integer call() {
      JobEdits.Saved saved;
      try (JobService jobs = Operator.jobs(root, AdminStore.Use.WRITE)) {
        saved = jobs.setEnabled(id, enabled, Operator.versionCheck(ifVersion), Operator.saver());
      }
      String verb = enabled ? "enabled" : "disabled";
      PrintWriter out = spec.commandLine().getOut();
      if (root.output() == OutputFormat.JSON) {
        out.println(Json.write(new EnabledChange(id, enabled, saved.changed(), saved.version())));
      } else if (saved.changed()) {
        out.println(verb + " " + id + " (version " + saved.version() + ")");
      } else {
        out.println(id + " was already " + verb + " (version " + saved.version() + ")");
      }
      out.flush();
      return 0;
    }
  }
}
