package dev.cronstone.service;

import java.util.Objects;

/**
 * One {@code after} edge as a job's page shows it: the job on the other side and which ends of the
 * upstream job's runs start the downstream job ({@code success}, {@code failure}, {@code always}).
 */
public record AfterLink(String job, String on) {
  public AfterLink {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(on, "on");
  }
}
