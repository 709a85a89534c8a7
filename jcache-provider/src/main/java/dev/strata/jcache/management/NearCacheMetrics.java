package dev.strata.jcache.management;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The counters and gauges of one near cache, registered in the manager's Dropwizard registry as
 * {@code strata.near.<cache>.<metric>} and shown in JMX by {@link NearCacheBean} (domain
 * {@code dev.strata}, never {@code javax.cache}).
 */
public final class NearCacheMetrics {

  private static final java.util.List<String> SUFFIXES = java.util.List.of("hits", "misses", "evictions",
      "invalidations-received", "stale-installs-prevented", "gaps-detected", "segment-clears", "bypassed-reads",
      "freshness-lapses", "stale-served", "warmed", "entries", "bytes", "state");

  private final MetricRegistry registry;
  private final String prefix;
  private final Counter hits;
  private final Counter misses;
  private final Counter evictions;
  private final Counter invalidations;
  private final Counter staleInstallsPrevented;
  private final Counter gaps;
  private final Counter segmentClears;
  private final Counter bypassedReads;
  private final Counter freshnessLapses;
  private final Counter staleServed;
  private final Counter warmed;
  private final LongSupplier entries;
  private final LongSupplier bytes;
  private final Supplier<String> state;

  /** Registers the metrics of the near cache of {@code cacheName}. */
  public NearCacheMetrics(MetricRegistry registry, String cacheName, LongSupplier entries, LongSupplier bytes,
      Supplier<String> state) {
    this(registry, "strata", cacheName, entries, bytes, state);
  }

  /** Registers the metrics of the near cache of {@code cacheName} as {@code <metricsPrefix>.near.<cacheName>.*}. */
  public NearCacheMetrics(MetricRegistry registry, String metricsPrefix, String cacheName, LongSupplier entries,
      LongSupplier bytes, Supplier<String> state) {
    this.registry = registry;
    this.prefix = metricsPrefix + ".near." + cacheName;
    unregister(); // a cache recreated under the same name starts from zero
    this.hits = registry.counter(prefix + ".hits");
    this.misses = registry.counter(prefix + ".misses");
    this.evictions = registry.counter(prefix + ".evictions");
    this.invalidations = registry.counter(prefix + ".invalidations-received");
    this.staleInstallsPrevented = registry.counter(prefix + ".stale-installs-prevented");
    this.gaps = registry.counter(prefix + ".gaps-detected");
    this.segmentClears = registry.counter(prefix + ".segment-clears");
    this.bypassedReads = registry.counter(prefix + ".bypassed-reads");
    this.freshnessLapses = registry.counter(prefix + ".freshness-lapses");
    this.staleServed = registry.counter(prefix + ".stale-served");
    this.warmed = registry.counter(prefix + ".warmed");
    this.entries = entries;
    this.bytes = bytes;
    this.state = state;
    registry.register(prefix + ".entries", (Gauge<Long>) entries::getAsLong);
    registry.register(prefix + ".bytes", (Gauge<Long>) bytes::getAsLong);
    registry.register(prefix + ".state", (Gauge<String>) state::get);
  }

  /** Removes this near cache's metrics from the registry. */
  public void unregister() {
    // exactly our names: another cache's may start with the same prefix (caches a and a.b)
    for (String suffix : SUFFIXES) {
      registry.remove(prefix + "." + suffix);
    }
  }

  public void hit() {
    hits.inc();
  }

  public void miss() {
    misses.inc();
  }

  public void eviction() {
    evictions.inc();
  }

  public void invalidations(int n) {
    invalidations.inc(n);
  }

  public void staleInstallPrevented() {
    staleInstallsPrevented.inc();
  }

  public void gap() {
    gaps.inc();
  }

  public void segmentCleared() {
    segmentClears.inc();
  }

  public void bypassedRead() {
    bypassedReads.inc();
  }

  /** No check succeeded within the freshness bound: the near cache stopped serving. */
  public void freshnessLapse() {
    freshnessLapses.inc();
  }

  /** An entry was served while Redis was unavailable (opt-in {@code serve-stale}). */
  public void staleServed() {
    staleServed.inc();
  }

  /** An entry was read into the near cache by {@code preload}. */
  public void warmed() {
    warmed.inc();
  }

  /** Entries read in by {@code preload}. */
  public long warmedCount() {
    return warmed.getCount();
  }

  /** Entries served while Redis was unavailable. */
  public long staleServedCount() {
    return staleServed.getCount();
  }

  public long freshnessLapses() {
    return freshnessLapses.getCount();
  }

  public long hits() {
    return hits.getCount();
  }

  public long misses() {
    return misses.getCount();
  }

  public long evictions() {
    return evictions.getCount();
  }

  public long invalidationsReceived() {
    return invalidations.getCount();
  }

  public long staleInstallsPrevented() {
    return staleInstallsPrevented.getCount();
  }

  public long gapsDetected() {
    return gaps.getCount();
  }

  public long segmentClears() {
    return segmentClears.getCount();
  }

  public long bypassedReads() {
    return bypassedReads.getCount();
  }

  public long entries() {
    return entries.getAsLong();
  }

  public long bytes() {
    return bytes.getAsLong();
  }

  public String state() {
    return state.get();
  }
}
