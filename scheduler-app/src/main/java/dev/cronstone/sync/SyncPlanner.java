package dev.cronstone.sync;

import dev.cronstone.error.InvalidSpecException;
import dev.cronstone.error.Problem;
import dev.cronstone.model.AfterGraph;
import dev.cronstone.model.AfterSpec;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecJson;
import dev.cronstone.model.SpecSet;
import dev.cronstone.sync.SyncPlan.Change;
import dev.cronstone.sync.SyncPlan.Invalid;
import dev.cronstone.sync.SyncPlan.Reason;
import dev.cronstone.sync.SyncPlan.Withheld;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares the spec folder with the store and decides what a sync writes. Pure: no I/O. */
final class SyncPlanner {
  private SyncPlanner() {}

  /** The folder as read: absent when it does not exist (or is not a folder). */
  static Planned plan(
      String dir,
      Optional<SpecSet> folder,
      List<StoredJob> storedJobs,
      SyncOptions options,
      Instant now) {
    return plan(dir, folder, storedJobs, Map.of(), options, now);
  }

  /**
   * The plan, with {@code storedAfter} the stored jobs' {@code after} lists: a valid file whose
   * {@code after} names an unknown job or closes a cycle is reported invalid and not written (the
   * job stays as it was).
   */
  static Planned plan(
      String dir,
      Optional<SpecSet> folder,
      List<StoredJob> storedJobs,
      Map<String, List<AfterSpec>> storedAfter,
      SyncOptions options,
      Instant now) {
    Map<String, StoredJob> stored =
        storedJobs.stream()
            .collect(
                Collectors.toMap(StoredJob::id, Function.identity(), (a, b) -> a, TreeMap::new));
    SpecSet specs = folder.orElse(new SpecSet(List.of()));
    List<Change> added = new ArrayList<>();
    List<Change> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<Invalid> invalid = new ArrayList<>();
    List<Write> writes = new ArrayList<>();
    Set<String> keep = new HashSet<>();

    Map<String, SpecFile> validById = new TreeMap<>();
    specs.files().stream()
        .filter(SpecFile::valid)
        .forEach(f -> validById.put(f.jobId().orElseThrow(), f));
    for (SpecFile file : validById.values()) {
      JobSpec spec = file.spec().orElseThrow();
      keep.add(spec.id());
      Optional<StoredJob> before = Optional.ofNullable(stored.get(spec.id()));
      Optional<String> reason = reasonToWrite(spec, before, now);
      if (reason.isEmpty()) {
        unchanged.add(spec.id());
        continue;
      }
      SpecTranslator.Translation translation;
      try {
        translation = SpecTranslator.translate(spec, now);
      } catch (InvalidSpecException e) {
        invalid.add(
            new Invalid(file.source(), Optional.of(spec.id()), e.details(), before.isPresent()));
        continue;
      }
      boolean add = before.map(s -> !s.hasRow()).orElse(true);
      (add ? added : updated).add(new Change(spec.id(), file.source(), reason.get()));
      Optional<String> savedBy =
          reason.get().startsWith("repair")
              ? Optional.empty()
              : Optional.of("file:" + file.source());
      writes.add(
          new Write(
              spec,
              translation,
              before,
              Optional.of(file.source()),
              add,
              JobOwner.FILE,
              options.actor(),
              savedBy));
    }
    for (SpecFile file : specs.invalid()) {
      List<String> kept = storedOf(file, stored);
      keep.addAll(kept);
      invalid.add(new Invalid(file.source(), file.jobId(), file.problems(), !kept.isEmpty()));
    }
    invalid.sort(Comparator.comparing(Invalid::source));

    // Sync manages file-owned jobs only: a store-owned job is never a removal.
    List<StoredJob> fileOwned = stored.values().stream().filter(StoredJob::fileOwned).toList();
    List<String> candidates =
        fileOwned.stream().map(StoredJob::id).filter(id -> !keep.contains(id)).toList();
    Optional<Withheld> withheld = withheld(dir, folder, candidates, fileOwned.size(), options);
    List<String> removed = withheld.isPresent() ? List.of() : candidates;
    refuseBadAfter(stored, storedAfter, removed, writes, added, updated, invalid);
    SyncPlan plan =
        new SyncPlan(dir, stored.size(), added, updated, removed, unchanged, invalid, withheld);
    return new Planned(plan, writes, removed);
  }

  /**
   * Checks the {@code after} lists of the writes against the jobs the store will hold: a write
   * whose list names an unknown job or closes a cycle is taken out of the plan and reported
   * invalid, its stored job (if any) kept as it was.
   */
  private static void refuseBadAfter(
      Map<String, StoredJob> stored,
      Map<String, List<AfterSpec>> storedAfter,
      List<String> removed,
      List<Write> writes,
      List<Change> added,
      List<Change> updated,
      List<Invalid> invalid) {
    Map<String, List<AfterSpec>> before = new TreeMap<>();
    stored.keySet().stream()
        .filter(id -> !removed.contains(id))
        .forEach(id -> before.put(id, storedAfter.getOrDefault(id, List.of())));
    Map<String, List<AfterSpec>> candidates = new TreeMap<>();
    writes.forEach(w -> candidates.put(w.spec().id(), w.spec().after()));
    Map<String, List<Problem>> refused = AfterGraph.refused(before, candidates);
    if (refused.isEmpty()) {
      return;
    }
    for (Write w : List.copyOf(writes)) {
      List<Problem> problems = refused.get(w.spec().id());
      if (problems != null) {
        writes.remove(w);
        added.removeIf(c -> c.jobId().equals(w.spec().id()));
        updated.removeIf(c -> c.jobId().equals(w.spec().id()));
        invalid.add(
            new Invalid(
                w.source().orElseThrow(),
                Optional.of(w.spec().id()),
                problems,
                w.before().filter(StoredJob::hasRow).isPresent()));
      }
    }
    invalid.sort(Comparator.comparing(Invalid::source));
  }

  /** Why this spec must be written, or empty when the store already holds it as it is. */
  private static Optional<String> reasonToWrite(
      JobSpec spec, Optional<StoredJob> before, Instant now) {
    if (before.isEmpty()) {
      return Optional.of("new");
    }
    StoredJob job = before.get();
    if (!job.fileOwned()) {
      return Optional.of("handed over to its spec file (was store-owned)");
    }
    if (!job.hasRow()) {
      return Optional.of("new (its Quartz job was left by an interrupted sync)");
    }
    if (!job.specHash().get().equals(SpecJson.contentHash(spec))) {
      return Optional.of("spec changed");
    }
    if (!job.quartzJob()) {
      return Optional.of("repair: its Quartz job was missing");
    }
    boolean expected = SpecTranslator.expectsTrigger(spec, now);
    if (job.scheduleTrigger() != expected) {
      return Optional.of(
          expected
              ? "repair: its trigger was missing"
              : "repair: it had a trigger it should not have");
    }
    return Optional.empty();
  }

  /** The stored jobs an invalid file stands for: by the id it declares, else by its file name. */
  private static List<String> storedOf(SpecFile file, Map<String, StoredJob> stored) {
    if (file.jobId().isPresent()) {
      return stored.containsKey(file.jobId().get()) ? List.of(file.jobId().get()) : List.of();
    }
    String name = fileName(file.source());
    return stored.values().stream()
        .filter(s -> s.sourceFileName().filter(name::equals).isPresent())
        .map(StoredJob::id)
        .toList();
  }

  private static Optional<Withheld> withheld(
      String dir,
      Optional<SpecSet> folder,
      List<String> candidates,
      int stored,
      SyncOptions options) {
    if (folder.isEmpty()) {
      return Optional.of(
          new Withheld(
              Reason.FOLDER_MISSING,
              candidates,
              "the spec folder "
                  + dir
                  + " does not exist: nothing synced and nothing removed ("
                  + candidates.size()
                  + " stored job(s) kept)",
              true));
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    if (folder.get().files().isEmpty()) {
      return Optional.of(
          new Withheld(
              Reason.FOLDER_EMPTY,
              candidates,
              "the spec folder "
                  + dir
                  + " has no spec files: nothing removed ("
                  + candidates.size()
                  + " stored job(s) kept); sync never empties the store",
              true));
    }
    if (!options.removeMissing()) {
      return Optional.of(
          new Withheld(
              Reason.REMOVE_MISSING_OFF,
              candidates,
              "jobs.removeMissing is false: "
                  + candidates.size()
                  + " stored job(s) without a spec kept",
              false));
    }
    if (candidates.size() * 2 > stored && !options.force()) {
      return Optional.of(
          new Withheld(
              Reason.MORE_THAN_HALF,
              candidates,
              "removing "
                  + candidates.size()
                  + " of "
                  + stored
                  + " stored jobs (more than half) needs --force: nothing removed",
              true));
    }
    return Optional.empty();
  }

  static String fileName(String source) {
    int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
    return source.substring(slash + 1);
  }

  /**
   * A job to write: its spec, its Quartz form, what the store held before, and its row: its spec
   * file (absent for a store-owned job), owner, writer ({@code synced_by}) and, when the write
   * saves a new version, its {@code saved_by}.
   */
  record Write(
      JobSpec spec,
      SpecTranslator.Translation translation,
      Optional<StoredJob> before,
      Optional<String> source,
      boolean add,
      JobOwner owner,
      String actor,
      Optional<String> savedBy) {}

  /** The plan, and what applying it takes. */
  record Planned(SyncPlan plan, List<Write> writes, List<String> removals) {}
}
