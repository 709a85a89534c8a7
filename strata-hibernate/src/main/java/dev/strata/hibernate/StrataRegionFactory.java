package dev.strata.hibernate;

import dev.strata.jcache.manager.StrataCacheManager;
import java.time.Duration;
import java.util.Map;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;

/**
 * Hibernate's JCache region factory on Strata, with timestamps from Redis's clock.
 *
 * <p>Hibernate decides whether a cached query result is still valid by comparing the timestamp of the
 * transaction that cached it with the update timestamps of its tables, and times out read-write soft
 * locks with the same timestamps. {@code JCacheRegionFactory} takes them from the local JVM clock, so
 * with several JVMs on one cache the comparison mixes the clocks of different machines: a JVM whose
 * clock runs behind can serve a query result cached before another JVM's update. This factory takes
 * them from the Redis server all JVMs share (see {@link RedisTimestamper} for how often it asks);
 * everything else, region creation included, is {@code JCacheRegionFactory}'s.
 *
 * <p>Select it with {@code hibernate.cache.region.factory_class=strata} (or this class's name); the
 * cache manager is named as for {@code JCacheRegionFactory}, by {@code hibernate.javax.cache.uri}, and
 * must be a Strata manager.
 */
public class StrataRegionFactory extends JCacheRegionFactory {

  /** The short name Hibernate accepts for this factory in {@code hibernate.cache.region.factory_class}. */
  public static final String SHORT_NAME = "strata";

  /** How long one reading of Redis's clock is extrapolated before Redis is asked again. */
  static final Duration CLOCK_RESYNC_INTERVAL = Duration.ofSeconds(10);

  private volatile RedisTimestamper timestamper;

  /** The factory Hibernate instantiates. */
  public StrataRegionFactory() {
  }

  @Override
  protected void prepareForUse(SessionFactoryOptions settings, Map<String, Object> configValues) {
    super.prepareForUse(settings, configValues);
    StrataCacheManager manager;
    try {
      manager = getCacheManager().unwrap(StrataCacheManager.class);
    } catch (IllegalArgumentException e) {
      throw new CacheException("StrataRegionFactory needs a Strata cache manager, but hibernate.javax.cache settings "
          + "gave " + getCacheManager().getClass().getName() + " (" + getCacheManager().getURI() + ")", e);
    }
    try {
      timestamper = new RedisTimestamper(manager::redisTimeMillis, System::nanoTime, CLOCK_RESYNC_INTERVAL);
    } catch (javax.cache.CacheException e) {
      throw new CacheException("StrataRegionFactory cannot read the clock of Redis for cache manager "
          + manager.getURI() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Redis's time in Hibernate's timestamp unit (milliseconds shifted left by 12 bits, as
   * {@code SimpleTimestamper}), increasing within this JVM; {@link #getTimeout()} is inherited and in
   * the same unit.
   */
  @Override
  public long nextTimestamp() {
    RedisTimestamper current = timestamper;
    if (current == null) {
      throw new IllegalStateException("StrataRegionFactory is not started (or was stopped)");
    }
    return current.next();
  }

  @Override
  protected void releaseFromUse() {
    timestamper = null;
    super.releaseFromUse();
  }
}
