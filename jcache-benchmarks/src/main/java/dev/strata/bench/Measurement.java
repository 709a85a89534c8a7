package dev.strata.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one subject on one workload for a while, from several threads, and keeps the totals: operations,
 * time, latencies and, for a subject on Redis, the commands Redis ran meanwhile.
 */
final class Measurement {

  /** Three significant digits: percentiles within 0.1% of the recorded nanoseconds. */
  private static final int SIGNIFICANT_DIGITS = 3;

  /** Reads what the Redis masters have run so far; null for a subject that never touches Redis. */
  private final Supplier<CommandStats> commandStats;
  private final Histogram latencies = new Histogram(SIGNIFICANT_DIGITS);
  private CommandStats redisCommands = CommandStats.NONE;
  private long ops;
  private long nanos;

  private Measurement(Supplier<CommandStats> commandStats) {
    this.commandStats = commandStats;
  }

  /** A measurement of a subject on Redis; {@code commandStats} reads what the masters have run so far. */
  static Measurement onRedis(Supplier<CommandStats> commandStats) {
    return new Measurement(commandStats);
  }

  /** A measurement of a subject that never touches Redis. */
  static Measurement inMemory() {
    return new Measurement(null);
  }

  /** Operations per second over every slice run so far. */
  double throughput() {
    return nanos == 0 ? 0 : ops * 1e9 / nanos;
  }

  long ops() {
    return ops;
  }

  /** Nanoseconds per operation over every slice recorded so far. */
  Histogram latencies() {
    return latencies;
  }

  /** What Redis ran per operation in the slices recorded so far; empty for a subject that never touches Redis. */
  Optional<RedisCost> redisCost() {
    return commandStats == null ? Optional.empty() : Optional.of(new RedisCost(redisCommands, ops));
  }

  /** Runs one slice of {@code millis}; returns the slice's throughput. */
  <V> double runSlice(Subject<V> subject, Workload workload, KeyChooser chooser, String[] keys, V value, int threads,
      long millis, boolean record) throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    // one histogram per thread, added up after the slice: a near-cache hit takes about 100 ns, and
    // a histogram shared by the threads (HdrHistogram's Recorder) would put contended atomic
    // counters on that path
    List<Histogram> histograms = new ArrayList<>();
    AtomicLong count = new AtomicLong();
    // Redis is read before the clock starts and after it stops: the INFO calls take none of the
    // subject's time, and CommandStats leaves the INFO command out of the counts
    CommandStats redisBefore = redisSoFar(record);
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000;
    RuntimeException[] failure = new RuntimeException[1];
    for (int t = 0; t < threads; t++) {
      Histogram h = new Histogram(SIGNIFICANT_DIGITS);
      histograms.add(h);
      SplittableRandom random = new SplittableRandom(System.nanoTime() + t);
      Thread worker = new Thread(() -> {
        long n = 0;
        try {
          while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            step(subject, workload, chooser, keys, value, random);
            h.recordValue(System.nanoTime() - t0);
            n++;
          }
        } catch (RuntimeException e) {
          failure[0] = e;
        }
        count.addAndGet(n);
      }, "bench-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long elapsed = System.nanoTime() - start;
    if (failure[0] != null) {
      throw new IllegalStateException(subject.name() + " failed during " + workload.name(), failure[0]);
    }
    if (record) {
      ops += count.get();
      nanos += elapsed;
      histograms.forEach(latencies::add);
      redisCommands = redisCommands.plus(redisSoFar(record).since(redisBefore));
    }
    return count.get() * 1e9 / elapsed;
  }

  /** What Redis has run so far, or nothing if the subject is off Redis or the slice is not recorded. */
  private CommandStats redisSoFar(boolean record) {
    return record && commandStats != null ? commandStats.get() : CommandStats.NONE;
  }

  private static <V> void step(Subject<V> subject, Workload w, KeyChooser chooser, String[] keys, V value,
      SplittableRandom random) {
    boolean read = random.nextInt(100) < w.readPercent();
    if (w.bulkSize() == 0) {
      String key = keys[chooser.next(random)];
      if (read) {
        subject.get(key);
      } else {
        subject.put(key, value);
      }
      return;
    }
    if (read) {
      Set<String> batch = new HashSet<>();
      while (batch.size() < w.bulkSize()) {
        batch.add(keys[chooser.next(random)]);
      }
      subject.getAll(batch);
    } else {
      Map<String, V> batch = new HashMap<>();
      while (batch.size() < w.bulkSize()) {
        batch.put(keys[chooser.next(random)], value);
      }
      subject.putAll(batch);
    }
  }
}
