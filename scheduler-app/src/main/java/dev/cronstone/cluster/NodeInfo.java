package dev.cronstone.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.zone.ZoneRulesProvider;
import java.util.Objects;

/** What a node says about itself when it registers: where it runs and which rules it runs with. */
public record NodeInfo(String host, long pid, String tzdbVersion, String cronstoneVersion) {
  /** The version string of a build without a jar manifest (tests, the IDE). */
  public static final String DEVELOPMENT_VERSION = "development";

  public NodeInfo {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tzdbVersion, "tzdbVersion");
    Objects.requireNonNull(cronstoneVersion, "cronstoneVersion");
  }

  /** This JVM: its host name, process id, time-zone rules version and Cronstone version. */
  public static NodeInfo current() {
    String version = NodeInfo.class.getPackage().getImplementationVersion();
    return new NodeInfo(
        hostname(),
        ProcessHandle.current().pid(),
        jvmTzdbVersion(),
        version == null ? DEVELOPMENT_VERSION : version);
  }

  /**
   * The version of the time-zone rules this JVM computes fire instants with, e.g. {@code 2025b}:
   * the newest key of {@code ZoneRulesProvider.getVersions("UTC")}.
   */
  public static String jvmTzdbVersion() {
    var versions = ZoneRulesProvider.getVersions("UTC");
    return versions.isEmpty() ? "unknown" : versions.lastKey();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String fromEnv = System.getenv("HOSTNAME");
      return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
    }
  }
}
