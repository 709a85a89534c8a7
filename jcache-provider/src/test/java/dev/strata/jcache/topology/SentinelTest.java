package dev.strata.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import dev.strata.redis.launcher.RedisSentinels;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/** Strata behind Sentinel: one master, one replica, three sentinels. */
class SentinelTest {

  @Test
  void cacheFollowsTheMasterThroughAFailover() {
    try (RedisSentinels group = RedisLauncher.startSentinels();
        CacheManager manager = new StrataCachingProvider().getCacheManager(
            URI.create(group.uri() + "?namespace=" + Managers.freshNamespace()), getClass().getClassLoader(),
            NearCaches.properties(200, 4))) {
      Cache<String, String> cache = manager.createCache("watched", NearCaches.config());
      for (int i = 0; i < 100; i++) {
        cache.put("k" + i, "v" + i);
      }
      NearCaches.warm(cache, "k1", "v1");
      RedisNode master = group.master();
      // make sure the replica has every write before the switch (a sentinel failover does not wait)
      master.command("WAIT", "1", "5000");
      long start = System.nanoTime();
      RedisNode promoted = group.failover();
      long millis = NearCaches.await("writes to succeed on the new master", 30_000, () -> {
        try {
          cache.put("after", "failover");
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      });
      System.out.printf("sentinel: failover to port %d, writes accepted again %d ms after it completed "
          + "(%d ms after it was asked for)%n", promoted.port(), millis, (System.nanoTime() - start) / 1_000_000);
      for (int i = 0; i < 100; i++) {
        assertEquals("v" + i, cache.get("k" + i));
      }
      assertEquals("failover", cache.get("after"));
    }
  }
}
