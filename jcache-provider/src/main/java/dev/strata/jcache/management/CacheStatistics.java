package dev.strata.jcache.management;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

/**
 * The JCache statistics of one cache in this JVM, kept as Dropwizard {@link Counter}s in a
 * {@link MetricRegistry} that users may report from (names {@code strata.cache.<name>.hits} ...).
 * While statistics are disabled every method returns at once: no counter is touched and no clock is
 * read ({@link #start()} returns 0).
 */
public final class CacheStatistics {

  private final MetricRegistry registry;
  private final Counter hits;
  private final Counter misses;
  private final Counter puts;
  private final Counter removals;
  private final Counter evictions;
  private final Counter getNanos;
  private final Counter putNanos;
  private final Counter removeNanos;
  private volatile boolean enabled;

  /** Creates the statistics of cache {@code cacheName}, registering its counters in {@code registry}. */
  public CacheStatistics(MetricRegistry registry, String cacheName, boolean enabled) {
    this.registry = registry;
    String prefix = MetricRegistry.name("strata", "cache", cacheName);
    this.hits = registry.counter(prefix + ".hits");
    this.misses = registry.counter(prefix + ".misses");
    this.puts = registry.counter(prefix + ".puts");
    this.removals = registry.counter(prefix + ".removals");
    this.evictions = registry.counter(prefix + ".evictions");
    this.getNanos = registry.counter(prefix + ".get-nanos");
    this.putNanos = registry.counter(prefix + ".put-nanos");
    this.removeNanos = registry.counter(prefix + ".remove-nanos");
    this.enabled = enabled;
  }

  /** The registry holding the counters. */
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

  /** Adds the time since {@code start} to the get time. */
  public void getTime(long start) {
    if (enabled && start != 0L) {
      getNanos.inc(System.nanoTime() - start);
    }
  }

  /** Adds the time since {@code start} to the put time. */
  public void putTime(long start) {
    if (enabled && start != 0L) {
      putNanos.inc(System.nanoTime() - start);
    }
  }

  /** Adds the time since {@code start} to the remove time. */
  public void removeTime(long start) {
    if (enabled && start != 0L) {
      removeNanos.inc(System.nanoTime() - start);
    }
  }

  /** Resets every counter to zero. */
  public void clear() {
    for (Counter c : new Counter[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
      c.dec(c.getCount());
    }
  }

  long hits() {
    return hits.getCount();
  }

  long misses() {
    return misses.getCount();
  }

  long puts() {
    return puts.getCount();
  }

  long removals() {
    return removals.getCount();
  }

  long evictions() {
    return evictions.getCount();
  }

  long getNanos() {
    return getNanos.getCount();
  }

  long putNanos() {
    return putNanos.getCount();
  }

  long removeNanos() {
    return removeNanos.getCount();
  }

  /** Removes the counters from the registry (cache closed or destroyed). */
  public void unregister(String cacheName) {
    registry.removeMatching((name, metric) -> name.startsWith(MetricRegistry.name("strata", "cache", cacheName) + "."));
  }
}
