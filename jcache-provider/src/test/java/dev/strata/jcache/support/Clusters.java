package dev.strata.jcache.support;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.redis.launcher.RedisCluster;
import dev.strata.redis.launcher.RedisNode;
import javax.cache.Cache;

/** Helpers for tests on a {@link RedisCluster}. */
public final class Clusters {

  private Clusters() {
  }

  /** The master that holds the segment of {@code key} of {@code cache} now. */
  public static RedisNode masterHolding(RedisCluster cluster, Cache<String, String> cache, String key) {
    StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
    String entries = strata.store().layout().segmentOf(strata.codec().encode(key)).entries();
    return cluster.masterForSlot(slotOf(cluster, entries));
  }

  /** The slot of a key or channel name, as the cluster computes it. */
  public static int slotOf(RedisCluster cluster, String name) {
    return Integer.parseInt(String.valueOf(cluster.masters().get(0).command("CLUSTER", "KEYSLOT", name)));
  }
}
