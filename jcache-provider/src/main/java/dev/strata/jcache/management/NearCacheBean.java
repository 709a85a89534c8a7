package dev.strata.jcache.management;

/** The {@link NearCacheMXBean} of one near cache, reading its {@link NearCacheMetrics}. */
public final class NearCacheBean implements NearCacheMXBean {

  private final NearCacheMetrics metrics;

  /** A bean over {@code metrics}. */
  public NearCacheBean(NearCacheMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public long getEntries() {
    return metrics.entries();
  }

  @Override
  public long getBytes() {
    return metrics.bytes();
  }

  @Override
  public long getHits() {
    return metrics.hits();
  }

  @Override
  public long getMisses() {
    return metrics.misses();
  }

  @Override
  public long getEvictions() {
    return metrics.evictions();
  }

  @Override
  public long getInvalidationsReceived() {
    return metrics.invalidationsReceived();
  }

  @Override
  public long getStaleInstallsPrevented() {
    return metrics.staleInstallsPrevented();
  }

  @Override
  public long getGapsDetected() {
    return metrics.gapsDetected();
  }

  @Override
  public long getSegmentClears() {
    return metrics.segmentClears();
  }

  @Override
  public long getBypassedReads() {
    return metrics.bypassedReads();
  }

  @Override
  public String getState() {
    return metrics.state();
  }
}
