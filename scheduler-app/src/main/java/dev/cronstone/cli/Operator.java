package dev.cronstone.cli;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.VersionCheck;

/** Who runs this command (recorded with pauses, resumes and syncs), and the service it uses. */
final class Operator {
  private Operator() {}

  /** The OS user running the CLI. */
  static String name() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "unknown" : user;
  }

  /** Who saves a job from the CLI, as its versions record it: {@code cli:<OS user>}. */
  static String saver() {
    return "cli:" + name();
  }

  /** {@code --if-version N}: the job must be at version N; none given, no check. */
  static VersionCheck versionCheck(Long ifVersion) {
    if (ifVersion == null) {
      return VersionCheck.none();
    }
    if (ifVersion < 1) {
      throw CronstoneException.invalidArgument(
          "--if-version", "must be a version (1, 2, 3 ...), got " + ifVersion);
    }
    return VersionCheck.version(ifVersion);
  }

  /**
   * The configured store, opened for reading: one store for a command's job and run services, whose
   * steps share its sessions; close it when done.
   */
  static AdminStore store(JobsCommand root) {
    return AdminStore.openShared(root.config().store(), AdminStore.Use.READ);
  }

  /** The job service on the configured store, for reading; close it when done. */
  static JobService jobs(JobsCommand root) {
    return jobs(root, AdminStore.Use.READ);
  }

  /** The job service on the configured store for a command that {@code use}s it. */
  static JobService jobs(JobsCommand root, AdminStore.Use use) {
    NodeConfig config = root.config();
    return JobService.open(config, root.clock(), use);
  }
}
