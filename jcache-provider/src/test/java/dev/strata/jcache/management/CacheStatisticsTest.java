package dev.strata.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import dev.strata.jcache.management.CacheStatistics.Operation;
import org.junit.jupiter.api.Test;

/** The registry's counters never go backwards; JCache's clear() resets only what the MXBean shows. */
class CacheStatisticsTest {

  private final MetricRegistry registry = new MetricRegistry();

  @Test
  void clearResetsTheMXBeanViewButNotTheRegistry() {
    CacheStatistics stats = new CacheStatistics(registry, "strata", "users", true);
    CacheStatisticsBean bean = new CacheStatisticsBean(stats);
    stats.hits(3);
    stats.misses(1);
    stats.puts(2);
    assertEquals(75f, bean.getCacheHitPercentage());
    bean.clear();
    assertEquals(0, bean.getCacheHits());
    assertEquals(0, bean.getCachePuts());
    assertEquals(3, registry.counter("strata.cache.users.hits").getCount(), "the registry keeps counting up");
    stats.hits(1);
    assertEquals(1, bean.getCacheHits());
    assertEquals(4, registry.counter("strata.cache.users.hits").getCount());
  }

  @Test
  void timersRecordOnlyWhileEnabled() {
    CacheStatistics stats = new CacheStatistics(registry, "app", "users", false);
    long start = stats.start();
    assertEquals(0L, start, "no clock read while disabled");
    stats.time(Operation.PUT, start);
    assertEquals(0, registry.timer("app.cache.users.put").getCount());
    stats.setEnabled(true);
    stats.time(Operation.PUT, stats.start());
    assertEquals(1, registry.timer("app.cache.users.put").getCount());
  }

  @Test
  void closingOneCacheLeavesAnotherWithTheSamePrefix() {
    CacheStatistics a = new CacheStatistics(registry, "strata", "a", true);
    CacheStatistics ab = new CacheStatistics(registry, "strata", "a.b", true);
    ab.hits(5);
    a.unregister();
    assertEquals(5, registry.counter("strata.cache.a.b.hits").getCount());
    assertTrue(registry.getTimers().containsKey("strata.cache.a.b.get.remote"));
    assertTrue(!registry.getCounters().containsKey("strata.cache.a.hits"));
  }
}
