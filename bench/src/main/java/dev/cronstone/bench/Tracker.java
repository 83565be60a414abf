package dev.cronstone.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the executions of a raw contender's noop task and remembers when the first started. */
final class Tracker {
  private static final Map<String, Tracker> BY_NAME = new ConcurrentHashMap<>();

  private final AtomicInteger executed = new AtomicInteger();
  private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

  static Tracker fresh(String name) {
    Tracker tracker = new Tracker();
    BY_NAME.put(name, tracker);
    return tracker;
  }

  static Tracker named(String name) {
    return BY_NAME.get(name);
  }

  void executed() {
    firstStart.accumulateAndGet(System.currentTimeMillis(), Math::min);
    executed.incrementAndGet();
  }

  int count() {
    return executed.get();
  }

  long firstStart() {
    return firstStart.get();
  }
}
