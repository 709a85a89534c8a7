package dev.strata.jcache.fault;

import static dev.strata.jcache.support.Faults.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Faults.Outcome;
import dev.strata.jcache.support.Faults.StillBlocked;
import dev.strata.jcache.support.FreezableProxy;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault: a network partition the client cannot see. Manager A talks to Redis through a
 * {@link FreezableProxy} that stops forwarding bytes without closing a socket; manager B talks to
 * Redis directly and changes a key that A holds in its near cache. A gets no invalidation and no
 * error, only silence.
 *
 * <p>Proves: A's near cache stops serving the old value within two check intervals of the
 * partition (plus slack), because it serves only segments confirmed by a successful check within
 * two intervals; while partitioned, A's reads fail or wait no longer than the deadline; after the
 * partition heals, A reads the new value.
 *
 * <p>Settings for A: {@code strata.near-cache.check-interval-ms=200}, {@code strata.redis.timeout-ms=500},
 * {@code strata.redis.deadline-ms=1000}.
 */
@ExtendWith(RedisExtension.class)
class PartitionTest {

  private static final int CHECK_INTERVAL_MS = 200;
  private static final int TIMEOUT_MS = 500;
  private static final int DEADLINE_MS = 1_000;
  private static final int STALENESS_BOUND_MS = 2 * CHECK_INTERVAL_MS + 300;
  private static final int PARTITION_MS = 3_000;
  private static final int SLACK_MS = 1_500;

  @Test
  void aPartitionedNearCacheStopsServingTheOldValueWithinTwoCheckIntervals(RedisNode redis) {
    String ns = Managers.freshNamespace();
    Properties aProperties = properties("strata.near-cache.check-interval-ms", Integer.toString(CHECK_INTERVAL_MS),
        "strata.redis.timeout-ms", Integer.toString(TIMEOUT_MS),
        "strata.redis.deadline-ms", Integer.toString(DEADLINE_MS));
    try (FreezableProxy proxy = new FreezableProxy(redis);
        CacheManager a = Faults.open(proxy.uri(ns), aProperties);
        CacheManager b = Managers.open(redis, ns, new Properties())) {
      Cache<String, String> nearA = a.createCache("partitioned",
          NearCaches.config(NearCacheSettings.builder().maxEntries(1000).build()));
      Cache<String, String> directB = b.createCache("partitioned",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      directB.put("k", "v1");
      NearCaches.warm(nearA, "k", "v1");

      int stale = 0;
      int fresh = 0;
      int failed = 0;
      int other = 0;
      long lastStaleMs = -1;
      long longestCallMs = 0;
      long convergedMs = -1;
      proxy.freeze();
      long frozenAt = System.nanoTime();
      try {
        directB.put("k", "v2");
        while (Faults.millisSince(frozenAt) < PARTITION_MS) {
          // on a thread of its own, so that a read that never returns cannot hang the test
          Outcome<String> read = Faults.await(Faults.start("get", () -> nearA.get("k")), DEADLINE_MS + SLACK_MS + 2_000);
          longestCallMs = Math.max(longestCallMs, read.millis());
          if (read.error() instanceof StillBlocked) {
            break;
          } else if (read.error() instanceof CacheException) {
            failed++;
          } else if (!read.threw() && "v1".equals(read.value())) {
            stale++;
            lastStaleMs = Faults.millisSince(frozenAt);
          } else if (!read.threw() && "v2".equals(read.value())) {
            fresh++;
          } else {
            other++;
            System.out.println("[fault] partition: unexpected read " + read);
          }
          Faults.sleep(5);
        }
      } finally {
        proxy.thaw();
      }
      long thawedAt = System.nanoTime();
      while (Faults.millisSince(thawedAt) < 3_000) {
        Outcome<String> read = Faults.await(Faults.start("get", () -> nearA.get("k")), DEADLINE_MS + SLACK_MS + 2_000);
        if (!read.threw() && "v2".equals(read.value())) {
          convergedMs = Faults.millisSince(thawedAt);
          break;
        }
        Faults.sleep(10);
      }
      System.out.printf("[fault] partition: staleForMs=%d (bound %d) staleReads=%d freshReads=%d failedReads=%d "
          + "otherReads=%d longestCallMs=%d convergedAfterThawMs=%d%n", lastStaleMs, STALENESS_BOUND_MS, stale, fresh,
          failed, other, longestCallMs, convergedMs);
      assertTrue(lastStaleMs <= STALENESS_BOUND_MS, "A served v1 until " + lastStaleMs + " ms after the partition; "
          + "bound: 2 check intervals + 300 ms = " + STALENESS_BOUND_MS + " ms");
      assertEquals(0, other, "reads returned neither v1 nor v2");
      assertTrue(longestCallMs <= DEADLINE_MS + SLACK_MS, "a read blocked " + longestCallMs + " ms, deadline "
          + DEADLINE_MS + " ms");
      assertTrue(convergedMs >= 0, "A did not read v2 within 3 s after the partition healed");
    }
  }
}
