package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.EvictionPolicy;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.management.CacheStatisticsBean;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bounded caches in Redis (max entries with LRU, LFU or FIFO): the bound holds, each policy keeps
 * what it should, evictions are counted and announced to near caches but fire no JCache event.
 */
@ExtendWith(RedisExtension.class)
class BoundedCacheTest {

  private static StrataConfiguration<String, String> bounded(long max, EvictionPolicy policy) {
    StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
        .setMaxEntries(max).setEvictionPolicy(policy);
    config.setTypes(String.class, String.class);
    config.setStatisticsEnabled(true);
    return config;
  }

  private static int size(Cache<String, String> cache) {
    int n = 0;
    for (Cache.Entry<String, String> ignored : cache) {
      n++;
    }
    return n;
  }

  /** Entries of the cache's segments as Redis holds them. */
  private static long entriesInRedis(RedisNode redis, String ns, String cache, int segments) {
    long n = 0;
    for (int i = 0; i < segments; i++) {
      n += Faults.entriesIn(redis, ns, cache, i);
    }
    return n;
  }

  @Test
  void boundHoldsAndEvictionsAreCountedWithoutEvents(RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, ns, new Properties())) {
      StrataConfiguration<String, String> config = bounded(1000, EvictionPolicy.LRU);
      Map<String, AtomicInteger> events = new HashMap<>();
      for (String type : List.of("CREATED", "UPDATED", "REMOVED", "EXPIRED")) {
        events.put(type, new AtomicInteger());
      }
      Counting.events = events;
      config.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(Counting.class), null, false, true));
      Cache<String, String> cache = manager.createCache("bounded", config);
      for (int i = 0; i < 3000; i++) {
        cache.put("k" + i, "v" + i);
      }
      assertEquals(1000, size(cache));
      assertEquals(1000, entriesInRedis(redis, ns, "bounded", 1));
      CacheStatisticsBean stats = new CacheStatisticsBean(cache.unwrap(StrataCache.class).statistics());
      assertEquals(2000, stats.getCacheEvictions());
      assertEquals(3000, events.get("CREATED").get());
      assertEquals(0, events.get("REMOVED").get() + events.get("EXPIRED").get() + events.get("UPDATED").get(),
          "an eviction fires no JCache event");
      // the last 1000 written are the ones kept
      assertEquals("v2999", cache.get("k2999"));
      assertEquals("v2000", cache.get("k2000"));
      assertNull(cache.get("k1999"));
    }
  }

  /** Counts events by type into a static map (listener factories need a no-arg class). */
  public static final class Counting implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String>, java.io.Serializable {
    static volatile Map<String, AtomicInteger> events;

    private void count(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      for (CacheEntryEvent<? extends String, ? extends String> e : batch) {
        events.get(e.getEventType().name()).incrementAndGet();
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      count(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      count(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      count(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      count(batch);
    }
  }

  /** Fills a cache of 1000, reads keys 0..99 (reads times), then writes 500 new keys: how many of the hot 100 remain. */
  private static int hotKeysKept(RedisNode redis, EvictionPolicy policy, int reads, int newKeys) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("policy", bounded(1000, policy));
      for (int i = 0; i < 1000; i++) {
        cache.put("k" + i, "v" + i);
      }
      for (int r = 0; r < reads; r++) {
        for (int i = 0; i < 100; i++) {
          assertEquals("v" + i, cache.get("k" + i));
        }
      }
      for (int i = 0; i < newKeys; i++) {
        cache.put("new" + i, "n" + i);
      }
      assertEquals(1000, size(cache));
      int kept = 0;
      for (int i = 0; i < 100; i++) {
        kept += cache.containsKey("k" + i) ? 1 : 0;
      }
      return kept;
    }
  }

  @Test
  void lruKeepsTheHotSetThatIsReadAndFifoDoesNot(RedisNode redis) {
    assertEquals(100, hotKeysKept(redis, EvictionPolicy.LRU, 1, 500), "LRU keeps the 100 entries read last");
    assertEquals(0, hotKeysKept(redis, EvictionPolicy.FIFO, 1, 500), "FIFO evicts the oldest whatever was read");
  }

  @Test
  void lfuKeepsFrequentlyReadEntriesThroughAScan(RedisNode redis) {
    // 2,000 new keys pass through a cache of 1,000: LRU loses the hot set, LFU keeps it. With
    // dynamic aging a newcomer starts one above the lowest count, so the counts of a scan rise by
    // one per 900 insertions here: entries read 10 times outlast it, entries read twice do not
    assertEquals(100, hotKeysKept(redis, EvictionPolicy.LFU, 10, 2000), "LFU keeps the entries read 10 times");
    assertEquals(0, hotKeysKept(redis, EvictionPolicy.LFU, 1, 2000), "aging: entries read once do not stay");
    assertEquals(0, hotKeysKept(redis, EvictionPolicy.LRU, 10, 2000), "LRU keeps only the last 1,000 touched");
  }

  @Test
  void manySegmentsShareTheBoundAndBulkWritesEvictToo(RedisNode redis) {
    String ns = Managers.freshNamespace();
    Properties props = new Properties();
    props.setProperty("strata.segments", "8");
    try (CacheManager manager = Managers.open(redis, ns, props)) {
      // 4,000 entries: 4 segments of 1,000 (a bounded cache keeps >= 1,000 per segment)
      Cache<String, String> cache = manager.createCache("spread", bounded(4000, EvictionPolicy.FIFO));
      assertEquals(4, cache.unwrap(StrataCache.class).store().layout().segments().size());
      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < 10_000; i++) {
        batch.put("k" + i, "v" + i);
        if (batch.size() == 250) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      long held = entriesInRedis(redis, ns, "spread", 4);
      assertTrue(held <= 4000 && held >= 3900, "held " + held);
      assertEquals(held, size(cache));
      CacheStatisticsBean stats = new CacheStatisticsBean(cache.unwrap(StrataCache.class).statistics());
      assertEquals(10_000 - held, stats.getCacheEvictions());
      // a bound lost from the order set (Redis evicted it) still holds: victims are sampled
      assertEquals(4, Faults.deleteKeysOf(redis, ns, "spread", "o"));
      for (int i = 0; i < 2000; i++) {
        cache.put("again" + i, "a");
      }
      assertTrue(entriesInRedis(redis, ns, "spread", 4) <= 4000);
    }
  }

  @Test
  void anEvictionDropsTheKeyFromNearCachesOfOtherManagers(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    try (CacheManager writer = Managers.open(redis, ns, new Properties());
        CacheManager reader = Managers.open(redis, ns, new Properties())) {
      StrataConfiguration<String, String> config = bounded(1000, EvictionPolicy.FIFO);
      config.setNearCache(NearCacheSettings.builder().build());
      Cache<String, String> w = writer.createCache("nearBounded", config);
      Cache<String, String> r = reader.createCache("nearBounded", config);
      w.put("first", "1");
      assertEquals("1", r.get("first"));
      assertEquals("1", r.get("first")); // a near hit now
      for (int i = 0; i < 1000; i++) {
        w.put("k" + i, "v");
      }
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (r.get("first") != null && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertNull(r.get("first"), "the reader's near cache still serves an entry evicted in Redis");
      assertNull(w.get("first"));
    }
  }

  @Test
  void nearHitsCountAsReadsForLru(RedisNode redis) throws Exception {
    Properties props = new Properties();
    props.setProperty("strata.near-cache.check-interval-ms", "100");
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), props)) {
      StrataConfiguration<String, String> config = bounded(1000, EvictionPolicy.LRU);
      config.setNearCache(NearCacheSettings.builder().build());
      Cache<String, String> cache = manager.createCache("nearLru", config);
      for (int i = 0; i < 1000; i++) {
        cache.put("k" + i, "v" + i);
      }
      // the oldest 100 are read once from Redis (filling the near cache), then the other 900 are
      // rewritten, so that in Redis's order the 100 come first; from then on they are read only
      // from the near cache: those hits alone must move them back behind the 900
      for (int i = 0; i < 100; i++) {
        assertEquals("v" + i, cache.get("k" + i));
      }
      for (int i = 100; i < 1000; i++) {
        cache.put("k" + i, "w" + i);
      }
      for (int r = 0; r < 5; r++) {
        for (int i = 0; i < 100; i++) {
          assertEquals("v" + i, cache.get("k" + i));
        }
      }
      assertTrue(cache.unwrap(StrataCache.class).nearCache().metrics().hits() >= 400);
      Thread.sleep(400); // a few checks: they hand the near hits to Redis
      for (int i = 0; i < 500; i++) {
        cache.put("new" + i, "n");
      }
      int kept = 0;
      for (int i = 0; i < 100; i++) {
        kept += cache.containsKey("k" + i) ? 1 : 0;
      }
      assertEquals(100, kept, "entries read through the near cache were evicted as if never read");
    }
  }

  @Test
  void aPolicyWithoutABoundIsRefused(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
          .setEvictionPolicy(EvictionPolicy.LFU);
      config.setTypes(String.class, String.class);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> manager.createCache("noBound", config));
      assertTrue(e.getMessage().contains("noBound") && e.getMessage().contains("max"), e.getMessage());
      // the cache was not created, and an unbounded one of the same name can be
      config.setEvictionPolicy(null);
      assertEquals(0, size(manager.createCache("noBound", config)));
    }
  }
}
