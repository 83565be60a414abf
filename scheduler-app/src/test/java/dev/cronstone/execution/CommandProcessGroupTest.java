package dev.cronstone.execution;

import static dev.cronstone.execution.TaskProcesses.awaitGone;
import static dev.cronstone.execution.TaskProcesses.fire;
import static dev.cronstone.execution.TaskProcesses.pidIn;
import static dev.cronstone.execution.TaskProcesses.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cronstone.model.JobSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Command tasks as process groups, with real processes: a timeout, a cancel (an interrupt of the
 * running thread) and the death of the node stop the task's whole tree, a grandchild that left its
 * parent included. Needs util-linux {@code setsid}, {@code setpriv} and coreutils {@code timeout}.
 */
class CommandProcessGroupTest {
  /** A task whose background grandchild is re-parented at once, while the task keeps running. */
  static final String TREE =
      "(sleep 300 & echo $! > %s/child.pid); echo $$ > %s/task.pid; sleep 300";

  /** The same tree, every process of which ignores TERM. */
  static final String STUBBORN = "trap \"\" TERM; " + TREE;

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dir;
  private final TaskExecutor executor = new TaskExecutor(name -> Optional.empty(), 4096);
  private final List<Long> pids = new ArrayList<>();

  @BeforeEach
  void helpersAreThere() {
    assumeTrue(ProcessGroups.system().available(), "setsid, setpriv and timeout are needed");
  }

  @AfterEach
  void killLeftovers() {
    pids.forEach(TaskProcesses::killQuietly);
  }

  private long pid(String name) {
    long pid = pidIn(dir.resolve(name));
    pids.add(pid);
    return pid;
  }

  @Test
  void on_timeout_the_whole_process_tree_is_killed() throws Exception {
    JobSpec job = shell(TREE.formatted(dir, dir), TIMEOUT);
    long start = System.nanoTime();
    CompletableFuture<Outcome> running = runInBackground(job);
    long task = pid("task.pid");
    long child = pid("child.pid");
    ProcStat taskStat = ProcStat.of(task).orElseThrow();
    ProcStat childStat = ProcStat.of(child).orElseThrow();
    assertThat(taskStat.session())
        .as("the task's own session")
        .isEqualTo(taskStat.pgrp())
        .isNotEqualTo(ProcStat.of(ProcessHandle.current().pid()).orElseThrow().session());
    assertThat(childStat.pgrp())
        .as("the grandchild stays in the task's group")
        .isEqualTo(taskStat.pgrp());
    assertThat(childStat.ppid()).as("the grandchild left its parent").isNotEqualTo(task);

    Outcome o = running.get(30, TimeUnit.SECONDS);

    assertThat(o.status()).isEqualTo(Outcome.Status.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("TERM was enough: no grace waited out")
        .isLessThan(TIMEOUT.plus(CommandRunner.KILL_GRACE).minusSeconds(1));
    awaitGone(Duration.ofSeconds(5), task, child);
  }

  @Test
  void what_ignores_term_gets_kill_after_the_grace() throws Exception {
    JobSpec job = shell(STUBBORN.formatted(dir, dir), TIMEOUT);
    long start = System.nanoTime();
    CompletableFuture<Outcome> running = runInBackground(job);
    long task = pid("task.pid");
    long child = pid("child.pid");

    Outcome o = running.get(30, TimeUnit.SECONDS);

    assertThat(o.status()).isEqualTo(Outcome.Status.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(TIMEOUT.plus(CommandRunner.KILL_GRACE));
    awaitGone(Duration.ofSeconds(5), task, child);
  }

  @Test
  void an_interrupt_of_the_running_thread_kills_the_group() throws Exception {
    JobSpec job = shell(TREE.formatted(dir, dir), Duration.ofMinutes(10));
    AtomicReference<Object> end = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                end.set(executor.execute(job, fire(job)));
              } catch (InterruptedException e) {
                end.set(e);
              }
            },
            "worker-cancel");
    worker.start();
    long task = pid("task.pid");
    long child = pid("child.pid");

    worker.interrupt();
    worker.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(worker.isAlive()).isFalse();
    assertThat(end.get()).isInstanceOf(InterruptedException.class);
    awaitGone(Duration.ofSeconds(5), task, child);
  }

  @ParameterizedTest(name = "launch mechanism {0}")
  @ValueSource(strings = {"POSIX_SPAWN", "VFORK", "FORK"})
  void a_task_ends_with_its_node_killed_by_sigkill(String mechanism) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process node =
        new ProcessBuilder(
                java.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djdk.lang.Process.launchMechanism=" + mechanism,
                "-cp",
                System.getProperty("java.class.path"),
                NodeDeathMain.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("node.out").toFile())
            .start();
    pids.add(node.pid());
    long task = pid("task.pid");
    long child = pid("child.pid");
    long leader = ProcStat.of(task).orElseThrow().pgrp();
    assertThat(ProcStat.of(leader).orElseThrow().ppid())
        .as("the node itself started the group's leader")
        .isEqualTo(node.pid());

    node.destroyForcibly();

    awaitGone(Duration.ofSeconds(5), task, child, leader);
  }

  @Test
  void a_task_ends_with_the_thread_that_started_it() throws Exception {
    // PR_SET_PDEATHSIG follows the parent *thread*: CommandRunner's thread waits for its task, so
    // this only happens if a task were started by a thread that does not wait for it.
    Thread starter =
        new Thread(
            () -> {
              try {
                new ProcessBuilder(
                        ProcessGroups.system()
                            .wrap(List.of("/bin/sh", "-c", STUBBORN.formatted(dir, dir))))
                    .start();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              pidIn(
                  dir.resolve("child.pid")); // the helpers have run: the parent-death signal is set
            },
            "short-lived");
    starter.start();
    long task = pid("task.pid");
    long child = pid("child.pid");
    starter.join();

    awaitGone(Duration.ofSeconds(5), task, child);
  }

  private CompletableFuture<Outcome> runInBackground(JobSpec job) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                outcome.complete(executor.execute(job, fire(job)));
              } catch (Throwable e) {
                outcome.completeExceptionally(e);
              }
            },
            "worker-" + job.id());
    worker.start();
    return outcome;
  }
}
