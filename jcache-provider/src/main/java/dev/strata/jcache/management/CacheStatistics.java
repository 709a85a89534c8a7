package dev.strata.jcache.management;

import com.codahale.metrics.Counter;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Timer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The statistics of one cache in this JVM: JCache's counts as Dropwizard {@link Counter}s and one
 * {@link Timer} per operation family, in a {@link MetricRegistry} that users report from (names in
 * docs/operations.md: {@code <prefix>.cache.<name>.hits}, {@code ...get.remote} ...).
 *
 * <p>The registry's counters never go backwards, whatever JCache's {@code clear()} does: reporters
 * and Prometheus compute rates from them. {@link #clear()} moves a baseline instead, and the
 * standard MXBean ({@link CacheStatisticsBean}) reports the counts since that baseline.
 *
 * <p>While statistics are disabled every method returns at once: no counter is touched and no clock
 * is read ({@link #start()} returns 0).
 */
public final class CacheStatistics {

  /** The operation families that have a {@link Timer}; the suffix of each timer's name. */
  public enum Operation {
    /** {@code get} answered by the near cache. */
    GET_NEAR("get.near"),
    /** {@code get} answered by Redis (a near-cache miss, or a cache without near cache). */
    GET_REMOTE("get.remote"),
    /** {@code put}, {@code putIfAbsent}, {@code getAndPut}. */
    PUT("put"),
    /** {@code remove(k)}, {@code remove(k, v)}, {@code getAndRemove}. */
    REMOVE("remove"),
    /** {@code replace(k, v)}, {@code replace(k, old, new)}, {@code getAndReplace}. */
    REPLACE("replace"),
    /** {@code getAll}. */
    GET_ALL("get-all"),
    /** {@code putAll}. */
    PUT_ALL("put-all"),
    /** {@code removeAll(keys)} and {@code removeAll()}. */
    REMOVE_ALL("remove-all"),
    /** {@code invoke} and {@code invokeAll}. */
    INVOKE("invoke"),
    /** Calls of the cache's {@code CacheLoader} (read-through and {@code loadAll}). */
    LOAD("load");

    private final String suffix;

    Operation(String suffix) {
      this.suffix = suffix;
    }

    /** The last part of the timer's name. */
    public String suffix() {
      return suffix;
    }
  }

  /** The last parts of the names of a cache's metrics (what {@link #unregister()} removes). */
  static final List<String> SUFFIXES = Stream.concat(
      Stream.of("hits", "misses", "puts", "removals", "evictions", "errors", "fallbacks"),
      Arrays.stream(Operation.values()).map(Operation::suffix)).toList();

  /** One near hit in this many goes into the {@code get.near} timer's percentiles. */
  static final int NEAR_SAMPLING = 8;

  private final MetricRegistry registry;
  private final String prefix;
  private final Counter hits;
  private final Counter misses;
  private final Counter puts;
  private final Counter removals;
  private final Counter evictions;
  private final Counter fallbacks;
  private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);
  // JCache's average times need totals, which a Timer's sampled snapshot does not keep exactly
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile Baseline baseline = Baseline.ZERO;
  private volatile boolean enabled;

  /** The counts at the last {@link #clear()}: what the MXBean subtracts. */
  private record Baseline(long hits, long misses, long puts, long removals, long evictions, long getNanos,
      long putNanos, long removeNanos) {
    static final Baseline ZERO = new Baseline(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Creates the statistics of cache {@code cacheName}, registering its metrics in {@code registry}
   * under {@code <metricsPrefix>.cache.<cacheName>.}; a cache created again under the same name
   * starts from zero.
   */
  public CacheStatistics(MetricRegistry registry, String metricsPrefix, String cacheName, boolean enabled) {
    this.registry = registry;
    this.prefix = cachePrefix(metricsPrefix, cacheName);
    unregister(); // a cache recreated under the same name starts from zero
    this.hits = registry.counter(prefix + "hits");
    this.misses = registry.counter(prefix + "misses");
    this.puts = registry.counter(prefix + "puts");
    this.removals = registry.counter(prefix + "removals");
    this.evictions = registry.counter(prefix + "evictions");
    this.fallbacks = registry.counter(prefix + "fallbacks");
    for (Operation operation : Operation.values()) {
      // lock-free and recency-biased (about the last five minutes): percentiles describe now
      // rather than since start-up; near hits feed it one in NEAR_SAMPLING (see SampledReservoir)
      timers.put(operation, registry.timer(prefix + operation.suffix(), () -> {
        Reservoir reservoir = LockFreeExponentiallyDecayingReservoir.builder().build();
        return new Timer(operation == Operation.GET_NEAR ? new SampledReservoir(reservoir, NEAR_SAMPLING) : reservoir);
      }));
    }
    this.enabled = enabled;
  }

  /** {@code <metricsPrefix>.cache.<cacheName>.}: the start of every per-cache metric's name. */
  public static String cachePrefix(String metricsPrefix, String cacheName) {
    return metricsPrefix + ".cache." + cacheName + ".";
  }

  /** The registry holding the metrics. */
  public MetricRegistry registry() {
    return registry;
  }

  /** Whether statistics are collected. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Switches collection on or off. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Starts timing an operation: {@link System#nanoTime()} when enabled, else 0. */
  public long start() {
    return enabled ? System.nanoTime() : 0L;
  }

  /** Counts hits. */
  public void hits(long n) {
    if (enabled && n > 0) {
      hits.inc(n);
    }
  }

  /** Counts misses. */
  public void misses(long n) {
    if (enabled && n > 0) {
      misses.inc(n);
    }
  }

  /** Counts puts. */
  public void puts(long n) {
    if (enabled && n > 0) {
      puts.inc(n);
    }
  }

  /** Counts removals. */
  public void removals(long n) {
    if (enabled && n > 0) {
      removals.inc(n);
    }
  }

  /**
   * A get answered by a fallback while Redis was unavailable (a stale near entry or the loader);
   * counted whether statistics are on or not, as failures are.
   */
  public void fallback() {
    fallbacks.inc();
  }

  /** Counts entries evicted from Redis. */
  public void evictions(long n) {
    if (enabled && n > 0) {
      evictions.inc(n);
    }
  }

  /** Adds the time since {@code start} to the get time. */
  public void getTime(long start) {
    if (enabled && start != 0L) {
      getNanos.add(System.nanoTime() - start);
    }
  }

  /** Adds the time since {@code start} to the put time. */
  public void putTime(long start) {
    if (enabled && start != 0L) {
      putNanos.add(System.nanoTime() - start);
    }
  }

  /** Adds the time since {@code start} to the remove time. */
  public void removeTime(long start) {
    if (enabled && start != 0L) {
      removeNanos.add(System.nanoTime() - start);
    }
  }

  /**
   * Ends a {@code get}: adds the time since {@code start} to the get time and to
   * {@code operation}'s timer, reading the clock once.
   */
  public void getEnded(Operation operation, long start) {
    if (enabled && start != 0L) {
      long nanos = System.nanoTime() - start;
      getNanos.add(nanos);
      timers.get(operation).update(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Records the time since {@code start} in {@code operation}'s timer. */
  public void time(Operation operation, long start) {
    if (enabled && start != 0L) {
      timers.get(operation).update(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** The timer of {@code operation}. */
  public Timer timer(Operation operation) {
    return timers.get(operation);
  }

  /**
   * Resets what the standard MXBean reports to zero. The registry's counters and timers go on:
   * anything reporting from the registry sees no step backwards.
   */
  public void clear() {
    baseline = new Baseline(hits.getCount(), misses.getCount(), puts.getCount(), removals.getCount(),
        evictions.getCount(), getNanos.sum(), putNanos.sum(), removeNanos.sum());
  }

  long hits() {
    return hits.getCount() - baseline.hits();
  }

  /** Hits counted since the cache was created (never reset). */
  public long hitsTotal() {
    return hits.getCount();
  }

  /** Misses counted since the cache was created (never reset). */
  public long missesTotal() {
    return misses.getCount();
  }

  long misses() {
    return misses.getCount() - baseline.misses();
  }

  long puts() {
    return puts.getCount() - baseline.puts();
  }

  long removals() {
    return removals.getCount() - baseline.removals();
  }

  long evictions() {
    return evictions.getCount() - baseline.evictions();
  }

  long getNanos() {
    return getNanos.sum() - baseline.getNanos();
  }

  long putNanos() {
    return putNanos.sum() - baseline.putNanos();
  }

  long removeNanos() {
    return removeNanos.sum() - baseline.removeNanos();
  }

  /**
   * Removes this cache's metrics from the registry (cache closed or destroyed): exactly its own
   * names, since another cache's may start with the same prefix (caches {@code a} and {@code a.b}).
   */
  public void unregister() {
    for (String suffix : SUFFIXES) {
      registry.remove(prefix + suffix);
    }
  }
}
