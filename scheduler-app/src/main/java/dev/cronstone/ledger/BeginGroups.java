package dev.cronstone.ledger;

import dev.cronstone.model.Overlap;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of scheduled begins ({@link RunLedger#beginScheduled}). Quartz hands a batch of
 * fires to several workers at once, and each used to open and admit its run in a transaction of its
 * own: five statements and a commit per fire. Here the begins that arrive together are made in one
 * transaction with one statement per table: the jobs' run counters in one batch and read back in
 * one query (the counters of jobs that never ran are created first, in one more batch), the runs
 * holding their slots in one query, then the runs, first attempts and {@code attempt.started}
 * events each as one batch. A job whose slots are full takes its overlap policy's per-run path
 * inside the same transaction ({@link Slots#decide}).
 *
 * <p>No thread of its own: the first caller to find no flush running becomes the leader, flushes
 * everything queued (its own begin included) and goes back to its fire; callers that arrive
 * meanwhile park until the flush that makes their begin wakes each of them alone, or until a leader
 * place frees while their begin heads the queue (then they lead the next flush). At most {@link
 * #LEADERS} flushes run at once, so one flush's commit does not hold the next group back. (Waiters
 * used to sleep on one monitor that every flush's end notified: each flush woke every waiting
 * worker, most of them only to sleep again.)
 *
 * <p>Anything unusual makes each begin of the group again alone, on the path a single begin takes
 * ({@link RunBeginning#scheduled}): a run counter another transaction created at the same moment, a
 * duplicate fire, a lock race lost too often, the store failing. When the failure could have come
 * from the commit itself (it may have committed), each begin first looks for the run it would have
 * written ({@link RunBeginning#begun}), as a caller retrying a begin does. A second begin of the
 * same job in one group is made alone after the group, so one transaction never reads a job's slots
 * twice.
 */
final class BeginGroups {
  private static final Logger LOG = LoggerFactory.getLogger(BeginGroups.class);

  /** The most begins one transaction makes. */
  static final int MAX_GROUP = 64;

  /** Flushes that may run at once. */
  static final int LEADERS = 2;

  /** One scheduled fire to begin. */
  record Request(String jobId, RunKind kind, Instant fire, int max, Overlap overlap, String owner) {
    Request {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(fire, "fire");
      Objects.requireNonNull(overlap, "overlap");
      Objects.requireNonNull(owner, "owner");
    }
  }

  /** A begin and the thread waiting for it (none for {@link #beginTogether}, which leads). */
  private record Pending(
      Request request, CompletableFuture<RunBeginning.Scheduled> done, Thread waiter) {
    void complete(RunBeginning.Scheduled begun) {
      done.complete(begun);
      wake();
    }

    void fail(RuntimeException e) {
      done.completeExceptionally(e);
      wake();
    }

    private void wake() {
      if (waiter != null) {
        LockSupport.unpark(waiter);
      }
    }
  }

  private final DataSource dataSource;
  private final Supplier<Instant> clock;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore leaders = new Semaphore(LEADERS);
  private final AtomicLong groupsCommitted = new AtomicLong();

  /** A waiter's longest sleep between looks (the flush that makes its begin wakes it sooner). */
  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  BeginGroups(DataSource dataSource, Supplier<Instant> clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Begins the fire (with whatever else is queued) and returns its begin; throws what {@link
   * RunBeginning#scheduled} throws ({@link RunOpening.DuplicateFire} for a fire the job has a run
   * of already).
   */
  RunBeginning.Scheduled begin(Request request) {
    Pending mine = new Pending(request, new CompletableFuture<>(), Thread.currentThread());
    queue.add(mine);
    boolean interrupted = false;
    while (!mine.done().isDone()) {
      if (!queue.isEmpty() && leaders.tryAcquire()) {
        try {
          lead();
        } finally {
          leaders.release();
          wakeNextLeader();
        }
        continue;
      }
      // Parked until the flush that makes this begin wakes this thread alone, or until a leader
      // place frees while this begin heads the queue. (Its begin may be in a flush already: with
      // nothing queued, a free place is not a reason to lead, or the waiter would take and give
      // back that place in a loop.) A wake-up that came before the park is kept by the thread's
      // permit; the timeout is a last resort.
      LockSupport.parkNanos(this, WAIT_NANOS);
      if (Thread.interrupted()) {
        interrupted = true; // the begin is in the queue: wait for it, then say so
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      return mine.done().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Wakes the thread whose begin heads the queue, to lead the next flush (a place is free). */
  private void wakeNextLeader() {
    Pending next = queue.peek();
    if (next != null && next.waiter() != null) {
      LockSupport.unpark(next.waiter());
    }
  }

  /**
   * Queues every request and makes them as one flush led by the caller (tests: a group formed
   * deterministically); the results in the order of the requests.
   */
  List<CompletableFuture<RunBeginning.Scheduled>> beginTogether(List<Request> requests) {
    List<CompletableFuture<RunBeginning.Scheduled>> results = new ArrayList<>();
    leaders.acquireUninterruptibly();
    try {
      for (Request r : requests) {
        Pending p = new Pending(r, new CompletableFuture<>(), null);
        queue.add(p);
        results.add(p.done());
      }
      lead();
    } finally {
      leaders.release();
      wakeNextLeader();
    }
    return results;
  }

  /** How many groups were committed together so far (tests). */
  long groupsCommitted() {
    return groupsCommitted.get();
  }

  /** Flushes one group of what is queued now (up to {@link #MAX_GROUP}). */
  private void lead() {
    List<Pending> group = new ArrayList<>();
    List<Pending> later = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    for (Pending p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) {
      (jobs.add(p.request().jobId()) ? group : later).add(p);
    }
    if (group.size() == 1) {
      alone(group.get(0), false);
    } else if (!group.isEmpty()) {
      together(group);
    }
    later.forEach(p -> alone(p, false));
  }

  private void together(List<Pending> group) {
    group.sort(Comparator.comparing((Pending p) -> p.request().jobId())); // counter lock order
    List<Request> requests = group.stream().map(Pending::request).toList();
    AtomicBoolean written = new AtomicBoolean();
    List<RunBeginning.Scheduled> begun;
    try {
      begun =
          Jdbc.transaction(
              dataSource,
              "begin " + requests.size() + " scheduled runs",
              c -> {
                written.set(false);
                List<RunBeginning.Scheduled> all = scheduled(c, requests, clock);
                written.set(true); // every statement made: only the commit is left
                return all;
              });
    } catch (RuntimeException e) {
      LOG.debug(
          "a group of {} begins was rolled back ({}); making each alone",
          group.size(),
          e.toString());
      boolean mayHaveCommitted = written.get();
      group.forEach(p -> alone(p, mayHaveCommitted));
      return;
    }
    groupsCommitted.incrementAndGet();
    for (int i = 0; i < group.size(); i++) {
      group.get(i).complete(begun.get(i));
    }
  }

  private void alone(Pending p, boolean mayHaveCommitted) {
    Request r = p.request();
    try {
      if (mayHaveCommitted) {
        Optional<Admission> done =
            RunBeginning.begun(dataSource, r.jobId(), r.fire().toEpochMilli(), r.owner());
        if (done.isPresent()) {
          p.complete(new RunBeginning.Scheduled(done.get(), List.of()));
          return;
        }
      }
      p.complete(
          RunBeginning.scheduled(
              dataSource, r.jobId(), r.kind(), r.fire(), r.max(), r.overlap(), r.owner(), clock));
    } catch (RuntimeException e) {
      p.fail(e);
    }
  }

  /**
   * The begins of {@code requests} (distinct jobs, sorted by job id) in the caller's transaction,
   * in their order; see the class comment.
   *
   * @throws IllegalStateException when a job's run counter could not be made here (its begin alone
   *     makes it)
   */
  static List<RunBeginning.Scheduled> scheduled(
      Connection c, List<Request> requests, Supplier<Instant> clock) throws SQLException {
    List<String> jobIds = requests.stream().map(Request::jobId).toList();
    Map<String, Long> numbers = RunRows.nextRunNos(c, jobIds);
    if (numbers.size() != jobIds.size()) {
      // The first fires of jobs that never ran (a burst of new jobs, a store's first round): their
      // counters are created here, so that the group stays one transaction. A counter another
      // transaction creates at the same moment fails this one, and each begin is made alone.
      List<String> missing = jobIds.stream().filter(id -> !numbers.containsKey(id)).toList();
      RunRows.createCounters(c, missing);
      numbers.putAll(RunRows.nextRunNos(c, missing));
      if (numbers.size() != jobIds.size()) {
        throw new IllegalStateException("a job of the group has no run counter yet");
      }
    }
    Map<String, List<RunId>> going = Slots.going(c, jobIds);
    Instant now = clock.get(); // after the read of the runs holding a slot (see Slots)
    List<RunBeginning.Scheduled> begun = new ArrayList<>(requests.size());
    List<Run> runs = new ArrayList<>();
    List<Attempt> attempts = new ArrayList<>();
    List<RunEvent> events = new ArrayList<>();
    for (Request r : requests) {
      RunId id = new RunId(r.jobId(), numbers.get(r.jobId()));
      List<RunId> holding = going.getOrDefault(r.jobId(), List.of());
      Run queued = Run.opened(id, r.kind(), r.fire(), Optional.empty(), r.owner(), now);
      if (holding.size() >= r.max()) {
        RunOpening.insert(c, queued, 0);
        begun.add(
            new RunBeginning.Scheduled(
                RunBeginning.recorded(
                    c,
                    Slots.decide(c, queued, false, holding, r.max(), r.overlap(), r.owner(), now)),
                List.of()));
        continue;
      }
      Attempt attempt = Attempt.begun(id, 1, AttemptKind.FIRST, r.owner(), now);
      Run started = queued.started(1, now);
      RunEvent event = RunBeginning.startedEvent(attempt).numbered(id, 1);
      runs.add(started);
      attempts.add(attempt);
      events.add(event);
      begun.add(
          new RunBeginning.Scheduled(
              new Admission(
                  Admission.Decision.STARTED,
                  started,
                  Optional.of(attempt),
                  holding,
                  Optional.empty()),
              List.of(event)));
    }
    try {
      RunRows.insertAll(c, runs, 1);
    } catch (SQLException e) {
      if (Jdbc.isUniqueViolation(e)
          || e.getNextException() != null && Jdbc.isUniqueViolation(e.getNextException())) {
        throw new RunOpening.DuplicateFire(e); // each begin again alone finds which
      }
      throw e;
    }
    AttemptRows.insertAll(c, attempts);
    EventRows.insertAll(c, events);
    return begun;
  }
}
