package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.jcache.support.PrefixLoader;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code preload(keys)}: another manager (its own client and near cache, as another JVM) warms its
 * near cache with entries this one wrote, so its next reads are near hits; with read-through,
 * keys Redis lacks are loaded and stored.
 */
@ExtendWith(RedisExtension.class)
class PreloadTest {

  @Test
  void preloadedEntriesAreNearHits(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    try (CacheManager writer = Managers.open(redis, ns, NearCaches.properties(200, 4));
        CacheManager reader = Managers.open(redis, ns, NearCaches.properties(200, 4))) {
      Cache<String, String> source = writer.createCache("warm", NearCaches.defaults());
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 100; i++) {
        entries.put("k" + i, "v" + i);
      }
      source.putAll(entries);
      Cache<String, String> cache = reader.createCache("warm", NearCaches.defaults());
      NearCache near = cache.unwrap(StrataCache.class).nearCache();
      NearCaches.await("serving", 5_000, () -> near.coordinator().serving());
      Set<String> keys = new LinkedHashSet<>(entries.keySet());
      keys.add("absent");

      assertEquals(100, cache.unwrap(StrataCache.class).preload(keys));
      assertEquals(100, near.metrics().warmedCount());
      long hits = near.metrics().hits();
      long misses = near.metrics().misses();
      for (int i = 0; i < 100; i++) {
        assertEquals("v" + i, cache.get("k" + i));
      }
      assertEquals(hits + 100, near.metrics().hits(), "every preloaded key is a near hit");
      assertEquals(misses, near.metrics().misses());
    }
  }

  @Test
  void aNewJvmWarmsWithTheKeysOthersFilledMost(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    NearCacheSettings warm = NearCacheSettings.builder().warmOnStart(20).build();
    try (CacheManager first = Managers.open(redis, ns, NearCaches.properties(200, 4))) {
      Cache<String, String> cache = first.createCache("hot", NearCaches.config(warm));
      NearCache near = cache.unwrap(StrataCache.class).nearCache();
      NearCaches.await("serving", 5_000, () -> near.coordinator().serving());
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 200; i++) {
        entries.put("k" + i, "v" + i);
      }
      cache.putAll(entries);
      // the hot keys are changed by another JVM and filled again each time, the others filled once
      try (CacheManager writer = Managers.open(redis, ns, new java.util.Properties())) {
        Cache<String, String> other = writer.createCache("hot", NearCaches.config(NearCacheSettings.disabled()));
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < 20; i++) {
            other.put("hot-" + i, "h" + i + "-" + round);
          }
          String last = "-" + round;
          for (int i = 0; i < 20; i++) {
            String key = "hot-" + i;
            NearCaches.await("the new value of " + key, 5_000, () -> cache.get(key).endsWith(last));
          }
        }
      }
      for (int i = 0; i < 200; i++) {
        cache.get("k" + i);
      }
      // a second JVM (its own client and near cache) starts with the hottest 20 preloaded
      try (CacheManager second = Managers.open(redis, ns, NearCaches.properties(200, 4))) {
        Cache<String, String> fresh = second.createCache("hot", NearCaches.config(warm));
        NearCache warmed = fresh.unwrap(StrataCache.class).nearCache();
        NearCaches.await("the warm-up", 10_000, () -> warmed.metrics().warmedCount() >= 20);
        long hits = warmed.metrics().hits();
        for (int i = 0; i < 20; i++) {
          assertEquals("h" + i + "-2", fresh.get("hot-" + i));
        }
        assertEquals(hits + 20, warmed.metrics().hits(), "the hot keys were preloaded");
      }
    }
  }

  @Test
  void withReadThroughMissingKeysAreLoadedAndStored(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
          .setNearCache(NearCacheSettings.builder().build());
      config.setTypes(String.class, String.class).setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(PrefixLoader.class));
      Cache<String, String> cache = manager.createCache("loaded", config);
      assertEquals(3, cache.unwrap(StrataCache.class).preload(Set.of("a", "b", "c")));
      assertTrue(cache.unwrap(StrataCache.class).store().getPlain(
          cache.unwrap(StrataCache.class).codec().encode("b"), false).value() != null, "stored in Redis");
      assertEquals("db-b", cache.get("b"));
    }
  }
}
