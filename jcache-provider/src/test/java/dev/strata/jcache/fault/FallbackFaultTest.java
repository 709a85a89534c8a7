package dev.strata.jcache.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.jcache.support.PrefixLoader;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.Test;

/**
 * Fault: Redis freezes (SIGSTOP) or dies (SIGKILL) under caches that opted into the read
 * fallbacks. Proves: a near cache with {@code serve-stale} serves its entries while Redis is
 * unavailable for at most the bound after its last confirmation, never a value beyond it, and then
 * reads fail; a read-through cache with {@code loader-fallback} answers from its loader without
 * storing anything; writes fail in both cases.
 */
class FallbackFaultTest {

  /** Longer than a call's deadline (2 s): the first read after the freeze waits that long before it falls back. */
  private static final long STALE_MS = 5_000;
  private static final AtomicInteger LOADS = PrefixLoader.LOADS;

  @Test
  void aNearCacheServesStaleEntriesWithinItsBoundOnly() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone(); CacheManager manager = open(redis)) {
      StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
          .setNearCache(NearCacheSettings.builder().serveStale(Duration.ofMillis(STALE_MS)).build());
      config.setTypes(String.class, String.class);
      Cache<String, String> cache = manager.createCache("stale", config);
      NearCache near = cache.unwrap(StrataCache.class).nearCache();
      NearCaches.await("the near cache to serve", 5_000, () -> near.coordinator().serving());
      cache.put("k", "v");
      long hits = near.metrics().hits();
      NearCaches.await("a near hit", 5_000, () -> "v".equals(cache.get("k")) && near.metrics().hits() > hits);
      redis.pause();
      long frozenAt = System.nanoTime();
      long servedStale = 0;
      long lastServedMs = -1;
      long failed = 0;
      long beyond = 0;
      try {
        while (Faults.millisSince(frozenAt) < STALE_MS + 2_500) {
          long startedMs = Faults.millisSince(frozenAt);
          try {
            String v = cache.get("k");
            assertEquals("v", v);
            servedStale++;
            lastServedMs = startedMs;
            if (startedMs > STALE_MS) {
              beyond++;
            }
          } catch (CacheException e) {
            failed++;
          }
          Thread.sleep(5);
        }
        assertThrows(CacheException.class, () -> cache.put("k", "w"), "writes fail, never queued");
      } finally {
        redis.resume();
      }
      long staleCount = cache.unwrap(StrataCache.class).nearCache().metrics().staleServedCount();
      System.out.printf("[fallback] serve-stale %d ms, Redis frozen: %d reads answered (the last started %d ms after "
          + "the freeze, %d of them from the stale fallback), %d failed, %d beyond the bound%n", STALE_MS, servedStale,
          lastServedMs, staleCount, failed, beyond);
      assertEquals(0, beyond, "no value served beyond the bound");
      assertTrue(staleCount > 0, "the fallback served");
      assertTrue(failed > 0, "reads fail once the bound has passed");
      Faults.sleep(1_500);
      assertEquals("v", cache.get("k"));
    }
  }

  @Test
  void aReadThroughCacheAsksItsLoaderWhileRedisIsDown() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone(); CacheManager manager = open(redis)) {
      StrataConfiguration<String, String> config = new StrataConfiguration<String, String>().setLoaderFallback(true);
      config.setTypes(String.class, String.class).setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(PrefixLoader.class));
      Cache<String, String> cache = manager.createCache("db", config);
      cache.put("a", "cached");
      redis.kill();
      long killedAt = System.nanoTime();
      LOADS.set(0);
      try {
        long first = System.nanoTime();
        assertEquals("db-a", cache.get("a"), "from the loader, not the (unreachable) cache");
        long firstMs = Faults.millisSince(first);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
          assertEquals("db-x" + i, cache.get("x" + i));
        }
        double perCall = Faults.millisSince(start) / 100.0;
        assertThrows(CacheException.class, () -> cache.put("a", "w"), "writes fail, never queued");
        System.out.printf("[fallback] loader-fallback, Redis killed: first get answered by the loader after %d ms, then "
            + "%.2f ms per get (circuit open); %d loads%n", firstMs, perCall, LOADS.get());
        assertEquals(101, LOADS.get());
        assertTrue(Faults.millisSince(killedAt) < 10_000);
      } finally {
        redis.startAgain();
      }
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!strata.runHealthChecks().get("strata.circuit-breaker").isHealthy() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      // nothing the loader gave while Redis was down was stored (the restarted Redis is empty anyway,
      // so ask for a key loaded during the outage: the loader is asked again and it is stored now)
      LOADS.set(0);
      awaitGet(cache, "x1", "db-x1");
      assertEquals(1, LOADS.get(), "a read-through miss once Redis is back");
      assertTrue(cache.containsKey("x1"), "stored now that Redis is back");
      assertFalse(cache.containsKey("x2"));
    }
  }

  private static void awaitGet(Cache<String, String> cache, String key, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        assertEquals(expected, cache.get(key));
        return;
      } catch (CacheException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static CacheManager open(RedisNode redis) {
    Properties p = new Properties();
    p.setProperty("strata.redis.timeout-ms", "1000");
    p.setProperty("strata.redis.deadline-ms", "2000");
    p.setProperty("strata.near-cache.check-interval-ms", "200");
    return Managers.open(redis, Managers.freshNamespace(), p);
  }
}
