package dev.cronstone.bench;

/** One scheduler in the throughput race: set up once, then timed rounds of N due jobs. */
interface Contender {
  String name();

  /** Creates its schema (and, for Cronstone, its N jobs). Untimed. */
  void setUp(int jobs) throws Exception;

  /** Makes N noop jobs due, runs them all, and says when the first started and the last ended. */
  Round round(int jobs) throws Exception;

  void tearDown();

  /** One timed round: epoch milliseconds of the due instant, first start and last completion. */
  record Round(
      int jobs,
      long due,
      long firstStart,
      long end,
      int failed,
      CpuMeter.Reading cpu,
      java.util.Optional<Double> lockHeldMs) {
    /** A round of a contender whose lock time is not measured. */
    Round(int jobs, long due, long firstStart, long end, int failed, CpuMeter.Reading cpu) {
      this(jobs, due, firstStart, end, failed, cpu, java.util.Optional.empty());
    }

    /** Milliseconds per run the node held Quartz's {@code TRIGGER_ACCESS} row, when measured. */
    java.util.Optional<Double> lockMsPerRun() {
      return lockHeldMs.map(ms -> ms / jobs);
    }

    /** The share of the round's window the node held {@code TRIGGER_ACCESS}, when measured. */
    java.util.Optional<Double> lockBusy() {
      return lockHeldMs.map(ms -> ms / Math.max(1, end - firstStart));
    }

    /** CPU milliseconds per run spent by the bench's JVM (the contender runs in it). */
    double jvmCpuMsPerRun() {
      return cpu.jvmMs() / jobs;
    }

    /** CPU milliseconds per run spent by the database's backends, when they could be read. */
    java.util.Optional<Double> dbCpuMsPerRun() {
      return cpu.dbMs().map(ms -> ms / jobs);
    }

    double perSecond() {
      return jobs * 1000.0 / Math.max(1, end - firstStart);
    }

    double perSecondFromDue() {
      return jobs * 1000.0 / Math.max(1, end - due);
    }
  }
}
