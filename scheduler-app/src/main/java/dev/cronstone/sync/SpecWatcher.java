package dev.cronstone.sync;

import dev.cronstone.config.JobsConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live spec reload ({@code jobs.watch}): syncs the spec folder into the store while a node runs. A
 * {@link WatchService} on {@code jobs.dir} schedules a sync {@link #DEBOUNCE} after the last event,
 * so an editor's write-then-rename counts once; a rescan every {@code jobs.rescanInterval} is the
 * fallback for missed events, a folder that appeared later, and file systems without events. Every
 * sync is an ordinary {@link SpecSync} (planned and applied under the store's sync lock, so nodes
 * watching one folder stay idempotent) and runs on the watcher's one sync thread, never two at
 * once. Invalid files are reported by {@link SyncReport} and leave their stored job as it was.
 */
public final class SpecWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpecWatcher.class);

  /** How long the folder must be quiet after an event before the sync. */
  public static final Duration DEBOUNCE = Duration.ofMillis(250);

  /** How long a watcher's sync waits for another process's sync lock. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  /** How long {@link #close()} waits for a sync under way. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  /** Opens the file system's watch service; tests give one that fails, as on an NFS mount. */
  @FunctionalInterface
  interface Watches {
    WatchService open(Path dir) throws IOException;
  }

  private final SpecSync sync;
  private final JobsConfig config;
  private final String nodeId;
  private final Watches watches;
  private final Consumer<SyncResult> listener;
  private final SyncReport report;
  private final ScheduledExecutorService syncs;
  private final Object pendingLock = new Object();
  private ScheduledFuture<?> pending;
  private volatile WatchService watchService;
  private volatile Thread watchThread;
  private volatile boolean closed;
  private final AtomicInteger failed = new AtomicInteger();

  private SpecWatcher(
      SpecSync sync, JobsConfig config, String nodeId, Watches watches, Consumer<SyncResult> l) {
    this.sync = sync;
    this.config = config;
    this.nodeId = nodeId;
    this.watches = watches;
    this.listener = l;
    this.report = new SyncReport(nodeId);
    this.syncs =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-spec-sync-" + nodeId);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts watching {@code config.dir()} when {@code config.watch()} is true; otherwise returns a
   * watcher that does nothing.
   */
  public static SpecWatcher start(
      Scheduler scheduler, DataSource dataSource, Clock clock, JobsConfig config, String nodeId) {
    return start(
        new SpecSync(scheduler, dataSource, clock, LOCK_WAIT),
        config,
        nodeId,
        dir -> FileSystems.getDefault().newWatchService(),
        r -> {});
  }

  static SpecWatcher start(
      SpecSync sync,
      JobsConfig config,
      String nodeId,
      Watches watches,
      Consumer<SyncResult> listener) {
    Objects.requireNonNull(sync, "sync");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nodeId, "nodeId");
    SpecWatcher watcher =
        new SpecWatcher(
            sync,
            config,
            nodeId,
            Objects.requireNonNull(watches, "watches"),
            Objects.requireNonNull(listener, "listener"));
    if (config.watch()) {
      watcher.begin();
    }
    return watcher;
  }

  private void begin() {
    watch();
    long every = config.rescanInterval().toMillis();
    syncs.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "[{}] watching {} for spec changes ({}; rescan every {})",
        nodeId,
        config.dir(),
        watchService != null ? "file events" : "no file events: rescan only",
        config.rescanInterval());
  }

  /**
   * The synchronous step: syncs the folder now, on the caller's thread, and reports the result.
   * Never throws: a failure is logged with the node id and the next event or rescan tries again.
   */
  public Optional<SyncResult> syncNow() {
    try {
      SyncResult result =
          sync.run(config.dir(), SyncOptions.atStart(nodeId, config.removeMissing()));
      report.report(result);
      listener.accept(result);
      return Optional.of(result);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Exception | Error e) {
      failed.incrementAndGet();
      LOG.warn(
          "[{}] spec sync of {} failed, the next change or rescan tries again: {}",
          nodeId,
          config.dir(),
          e.toString());
      return Optional.empty();
    }
  }

  /** How many syncs failed (the store did not answer, the lock was not granted in time). */
  int failedSyncs() {
    return failed.get();
  }

  /** True while file events are watched (false: rescan only, or not started). */
  boolean watching() {
    return watchService != null;
  }

  private void rescan() {
    if (watchService == null && !closed) {
      watch(); // the folder may exist by now
    }
    syncNow();
  }

  /** Schedules a sync after {@link #DEBOUNCE}, replacing one not yet started. */
  void changed() {
    synchronized (pendingLock) {
      if (closed) {
        return;
      }
      if (pending != null) {
        pending.cancel(false);
      }
      pending = syncs.schedule(this::syncNow, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Registers the folder with a watch service and starts the thread that takes its events. */
  private synchronized void watch() {
    Path dir = config.dir();
    if (closed || watchService != null || !Files.isDirectory(dir)) {
      return;
    }
    WatchService service = null;
    try {
      service = watches.open(dir);
      dir.register(
          service,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "[{}] cannot watch {} for file events ({}); rescanning it every {} instead",
          nodeId,
          dir,
          e.toString(),
          config.rescanInterval());
      closeQuietly(service);
      return;
    }
    WatchService opened = service;
    watchService = opened;
    Thread thread = new Thread(() -> take(opened), "cronstone-spec-watch-" + nodeId);
    thread.setDaemon(true);
    watchThread = thread;
    thread.start();
  }

  private void take(WatchService service) {
    try {
      while (!closed) {
        WatchKey key = service.take();
        key.pollEvents();
        changed();
        if (!key.reset()) {
          // the folder went away: the rescan registers it again once it is back
          LOG.warn("[{}] {} is no longer watchable; the rescan takes over", nodeId, config.dir());
          watchService = null;
          closeQuietly(service);
          changed();
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      LOG.warn("[{}] the spec watcher stopped ({}); the rescan takes over", nodeId, e.toString());
      watchService = null;
      closeQuietly(service);
    }
  }

  /** Stops watching and rescanning; waits up to {@link #CLOSE_WAIT} for a sync under way. */
  @Override
  public void close() {
    synchronized (pendingLock) {
      closed = true;
    }
    closeQuietly(watchService);
    syncs.shutdownNow();
    Thread thread = watchThread;
    try {
      if (thread != null) {
        thread.join(CLOSE_WAIT.toMillis());
      }
      if (!syncs.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("[{}] a spec sync was still running {} after the stop", nodeId, CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(WatchService service) {
    if (service == null) {
      return;
    }
    try {
      service.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
