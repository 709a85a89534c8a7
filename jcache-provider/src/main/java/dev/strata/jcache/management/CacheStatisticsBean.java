package dev.strata.jcache.management;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The standard {@link CacheStatisticsMXBean} over {@link CacheStatistics}. Averages are in
 * microseconds, as JCache specifies.
 */
public final class CacheStatisticsBean implements CacheStatisticsMXBean {

  private final CacheStatistics stats;

  /** Exposes {@code stats}. */
  public CacheStatisticsBean(CacheStatistics stats) {
    this.stats = stats;
  }

  @Override
  public void clear() {
    stats.clear();
  }

  @Override
  public long getCacheHits() {
    return stats.hits();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : stats.hits() * 100f / gets;
  }

  @Override
  public long getCacheMisses() {
    return stats.misses();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : stats.misses() * 100f / gets;
  }

  @Override
  public long getCacheGets() {
    return stats.hits() + stats.misses();
  }

  @Override
  public long getCachePuts() {
    return stats.puts();
  }

  @Override
  public long getCacheRemovals() {
    return stats.removals();
  }

  @Override
  public long getCacheEvictions() {
    return stats.evictions();
  }

  @Override
  public float getAverageGetTime() {
    return average(stats.getNanos(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(stats.putNanos(), stats.puts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(stats.removeNanos(), stats.removals());
  }

  private static float average(long nanos, long count) {
    if (count <= 0 || nanos <= 0) {
      return 0f;
    }
    return (nanos / 1000f) / count;
  }
}
