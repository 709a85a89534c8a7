package dev.strata.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisCluster;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Strata on a real Redis Cluster of 3 masters with 1 replica each. */
class ClusterTest {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisLauncher.startCluster(3, 1);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static CacheManager open(String namespace) {
    return new StrataCachingProvider().getCacheManager(URI.create(cluster.uri() + "?namespace=" + namespace),
        ClusterTest.class.getClassLoader(), new Properties());
  }

  private static MutableConfiguration<String, String> config() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Test
  void everyOperationWorksAcrossNodes() {
    try (CacheManager manager = open(Managers.freshNamespace())) {
      Cache<String, String> cache = manager.createCache("ops", config());
      Map<String, String> all = new HashMap<>();
      for (int i = 0; i < 1_000; i++) {
        all.put("k" + i, "v" + i);
      }
      cache.putAll(all);
      assertEquals("v7", cache.get("k7"));
      assertEquals(all, cache.getAll(all.keySet()));
      int seen = 0;
      for (Cache.Entry<String, String> e : cache) {
        assertEquals(all.get(e.getKey()), e.getValue());
        seen++;
      }
      assertEquals(1_000, seen);
      assertTrue(cache.replace("k1", "v1", "w1"));
      assertEquals(Integer.valueOf(2), cache.invoke("k2", (entry, args) -> entry.getValue().length()));
      Set<String> some = new HashSet<>(List.of("k3", "k4", "k5"));
      cache.removeAll(some);
      assertNull(cache.get("k4"));
      cache.clear();
      assertEquals(Map.of(), cache.getAll(all.keySet()));
    }
  }

  @Test
  void oneCacheIsSpreadOverEveryMaster() {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = open(ns)) {
      Cache<String, String> cache = manager.createCache("spread", config());
      Map<String, String> batch = new LinkedHashMap<>();
      for (int i = 0; i < 100_000; i++) {
        batch.put("key-" + i, "v");
        if (batch.size() == 2_000) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      Map<Integer, Long> entriesPerMaster = new LinkedHashMap<>();
      for (RedisNode master : cluster.masters()) {
        entriesPerMaster.put(master.port(), entries(master, "strata:{" + ns + ":spread:*}:e"));
      }
      System.out.println("cluster: entries of one 100,000-entry cache per master (port=entries): "
          + entriesPerMaster);
      assertEquals(100_000L, entriesPerMaster.values().stream().mapToLong(Long::longValue).sum());
      entriesPerMaster.values().forEach(n -> assertTrue(n > 15_000, "every master holds a fair share: "
          + entriesPerMaster));
    }
  }

  @Test
  void nearCachesAreInvalidatedAcrossNodes() {
    String ns = Managers.freshNamespace();
    try (CacheManager reader = open(ns); CacheManager writer = open(ns)) {
      Cache<String, String> near = reader.createCache("near", NearCaches.config());
      Cache<String, String> remote = writer.createCache("near", config());
      for (int i = 0; i < 50; i++) {
        remote.put("k" + i, "1");
      }
      for (int i = 0; i < 50; i++) {
        NearCaches.warm(near, "k" + i, "1");
      }
      for (int i = 0; i < 50; i++) {
        remote.put("k" + i, "2");
      }
      NearCaches.await("every invalidation to arrive", 5_000, () -> {
        for (int i = 0; i < 50; i++) {
          if (!"2".equals(near.get("k" + i))) {
            return false;
          }
        }
        return true;
      });
    }
  }

  /** Sums HLEN over the keys matching {@code pattern} on one master. */
  private static long entries(RedisNode master, String pattern) {
    long total = 0;
    String cursor = "0";
    do {
      List<?> page = (List<?>) master.command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = String.valueOf(page.get(0));
      for (Object key : (List<?>) page.get(1)) {
        total += Long.parseLong(String.valueOf(master.command("HLEN", String.valueOf(key))));
      }
    } while (!cursor.equals("0"));
    return total;
  }
}
