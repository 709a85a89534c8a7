package dev.strata.jcache.store;

import dev.strata.jcache.configuration.EvictionPolicy;
import java.nio.charset.StandardCharsets;

/**
 * The bound of a cache in Redis: at most {@code maxEntries} entries, spread over its segments, and
 * the policy that picks what leaves. A script cannot count across segments (on a Redis Cluster they
 * live on different nodes), so each segment gets its share of the bound and evicts on its own; the
 * shares add up to exactly {@code maxEntries}, so the cache never holds more. Because keys do not
 * spread perfectly evenly, a full segment may evict while the cache as a whole holds a little less
 * than its bound. A bounded cache uses fewer segments than the manager's
 * {@code strata.segments} when its bound is small, so that each segment holds at least
 * {@link #MIN_ENTRIES_PER_SEGMENT} entries and its order stays meaningful.
 *
 * @param policy the eviction policy ({@link EvictionPolicy#NONE}: unbounded)
 * @param maxEntries the maximum number of entries (0 when unbounded)
 */
public record EntryBound(EvictionPolicy policy, long maxEntries) {

  /** An unbounded cache. */
  public static final EntryBound NONE = new EntryBound(EvictionPolicy.NONE, 0);

  /** The fewest entries a segment of a bounded cache is given, unless the whole bound is smaller. */
  public static final long MIN_ENTRIES_PER_SEGMENT = 1000;

  private static final byte[] UNBOUNDED = new byte[0];

  /** Checks the pair. */
  public EntryBound {
    if (policy == null) {
      throw new IllegalArgumentException("eviction policy must not be null");
    }
    if (policy == EvictionPolicy.NONE ? maxEntries != 0 : maxEntries < 1) {
      throw new IllegalArgumentException(policy == EvictionPolicy.NONE
          ? "an unbounded cache has no maximum entry count, was " + maxEntries
          : "a bounded cache needs a maximum entry count of at least 1, was " + maxEntries);
    }
  }

  /** Whether the cache is bounded. */
  public boolean bounded() {
    return policy != EvictionPolicy.NONE;
  }

  /** How many segments a cache with this bound uses when the manager's setting is {@code configured}. */
  public int segments(int configured) {
    if (!bounded()) {
      return configured;
    }
    return (int) Math.max(1, Math.min(configured, maxEntries / MIN_ENTRIES_PER_SEGMENT));
  }

  /** The share of the bound that segment {@code index} of {@code segmentCount} may hold. */
  public long limitOf(int index, int segmentCount) {
    long share = maxEntries / segmentCount;
    return index < maxEntries % segmentCount ? share + 1 : share;
  }

  /**
   * The per-segment argument the scripts read (common.lua): the policy letter and the segment's
   * share, such as {@code L2500}; empty when unbounded.
   */
  byte[] scriptArgument(int index, int segmentCount) {
    if (!bounded()) {
      return UNBOUNDED;
    }
    return (policy.code() + Long.toString(limitOf(index, segmentCount))).getBytes(StandardCharsets.US_ASCII);
  }

  /** How many of a reply's events are evictions (type {@code E}). */
  static long evictionsIn(java.util.List<RawEvent> events) {
    long n = 0;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).type() == 'E') {
        n++;
      }
    }
    return n;
  }
}
