package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.ChangeRecorder;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code removeMatching(glob)} through {@code unwrap}, on a real Redis: it removes exactly the
 * matching entries across all segments, listeners get REMOVED for each, and a near cache of
 * another manager (its own client and subscription, as another JVM has) stops serving them.
 * Reports the cost on 100,000 entries.
 */
@ExtendWith(RedisExtension.class)
class RemoveMatchingTest {

  private static final Set<String> REMOVED = ConcurrentHashMap.newKeySet();

  /** Keeps the keys of REMOVED events. */
  public static final class Removals extends ChangeRecorder<String, String> {
    @Override
    protected void record(CacheEntryEvent<? extends String, ? extends String> event) {
      if (event.getEventType() == EventType.REMOVED) {
        REMOVED.add(event.getKey());
      }
    }
  }

  @Test
  void removesExactlyTheMatchesEverywhere(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    Properties properties = NearCaches.properties(200, 8);
    try (CacheManager here = Managers.open(redis, ns, properties);
        CacheManager there = Managers.open(redis, ns, properties)) {
      Cache<String, String> cache = here.createCache("profiles", NearCaches.defaults());
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(Removals.class), null, false, true));
      Cache<String, String> other = there.createCache("profiles", NearCaches.defaults());
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        entries.put("user:" + i, "u" + i);
        entries.put("order:" + i, "o" + i);
      }
      entries.put("user", "no colon");
      cache.putAll(entries);
      for (int i = 0; i < 300; i++) {
        other.get("user:" + i); // the other manager's near cache holds them
      }
      REMOVED.clear();

      long removed = cache.unwrap(StrataCache.class).removeMatching("user:*");

      assertEquals(300, removed);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (REMOVED.size() < 300 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        expected.add("user:" + i);
      }
      assertEquals(expected, REMOVED, "one REMOVED event per removed key");
      NearCaches.await("the other near cache drops the keys", 5_000, () -> {
        for (int i = 0; i < 300; i++) {
          if (other.get("user:" + i) != null) {
            return false;
          }
        }
        return true;
      });
      assertEquals("no colon", cache.get("user"));
      assertEquals("o7", other.get("order:7"));
      assertEquals(0, cache.unwrap(StrataCache.class).removeMatching("user:*"), "nothing left to match");
    }
  }

  @Test
  void keysThatAreNotStringsAreMatchedByTheirStringForm(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<Long, String> cache = manager.createCache("numbers",
          new MutableConfiguration<Long, String>().setTypes(Long.class, String.class));
      Map<Long, String> entries = new HashMap<>();
      for (long i = 0; i < 200; i++) {
        entries.put(i, "n" + i);
      }
      cache.putAll(entries);
      // 1, 10..19, 100..199
      assertEquals(111, cache.unwrap(StrataCache.class).removeMatching("1*"));
      assertNull(cache.get(150L));
      assertEquals("n20", cache.get(20L));
    }
  }

  @Test
  void costOnAHundredThousandEntries(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("big",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < 100_000; i++) {
        batch.put((i % 10 == 0 ? "hot:" : "cold:") + i, "v" + i);
        if (batch.size() == 1_000) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      long start = System.nanoTime();
      long removed = cache.unwrap(StrataCache.class).removeMatching("hot:*");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      start = System.nanoTime();
      long none = cache.unwrap(StrataCache.class).removeMatching("absent:*");
      long scanOnlyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("[pattern] 100,000 entries in 4 segments: removeMatching(hot:*) removed %d in %d ms; "
          + "a pattern matching nothing took %d ms (HSCAN of every segment)%n", removed, tookMs, scanOnlyMs);
      assertEquals(10_000, removed);
      assertEquals(0, none);
      assertTrue(cache.containsKey("cold:1") && !cache.containsKey("hot:10"));
    }
  }
}
