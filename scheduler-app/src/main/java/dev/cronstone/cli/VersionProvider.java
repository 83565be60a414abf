package dev.cronstone.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, when there is one. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = JobsCommand.class.getPackage().getImplementationVersion();
    return new String[] {"cronstone " + (v == null ? "development build" : v)};
  }
}
