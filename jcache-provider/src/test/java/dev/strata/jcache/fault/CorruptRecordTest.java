package dev.strata.jcache.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Faults.Outcome;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault: one entry's record in Redis is damaged (a partial write by some other tool, a bug, bit
 * rot), planted directly in the entry's field of the segment hash {@code strata:{ns:cache:i}:e},
 * whose records read {@code <version>|<expiry ms or empty>|<encoded value>}; and a value too deep
 * for the serializer's stack.
 *
 * <p>Proves: the damaged entry gives a CacheException that says it is corrupt and names the cache,
 * but never costs the other entries: bulk reads, iteration and bulk removal keep working (the bad
 * entry is skipped by iteration), and the damaged entry can be overwritten, removed and cleared. A
 * value nested 10,000 deep fails its put with a CacheException, not a StackOverflowError, and the
 * cache keeps working.
 */
@ExtendWith(RedisExtension.class)
class CorruptRecordTest {

  private static final String CACHE = "ledger";
  private static final String VICTIM = "victim";
  private static final String VICTIM_FIELD = "s:" + VICTIM;

  /** The damaged records planted in the victim's field. */
  enum Corruption {
    NO_SEPARATORS("garbage-without-bars"),
    BAD_EXPIRY("7|notanumber|s:x"),
    BAD_KRYO("7||k:\u0001\u00ff\u00ff\u00ff\u00ff\u0007garbage");

    final String record;

    Corruption(String record) {
      this.record = record;
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Corruption.class)
  void aCorruptRecordIsReportedAndCostsNoOtherEntry(Corruption corruption, RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, ns, new Properties())) {
      Cache<String, Object> cache = manager.createCache(CACHE, new MutableConfiguration<>());
      Map<String, Object> good = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        good.put("good" + i, "value" + i);
      }
      cache.putAll(good);
      cache.put(VICTIM, "fine");
      plant(redis, ns, corruption);

      CacheException onGet = assertThrows(CacheException.class, () -> cache.get(VICTIM));
      String message = String.valueOf(onGet.getMessage());
      System.out.printf("[fault] corrupt %s: get says: %s%n", corruption, message);
      assertTrue(message.toLowerCase(Locale.ROOT).matches("(?s).*(corrupt|unreadable).*"), "says why: " + message);
      assertTrue(message.contains(CACHE), "names the cache: " + message);

      assertEquals(good, cache.getAll(good.keySet()), "getAll of the other keys");

      Set<String> withVictim = new HashSet<>(good.keySet());
      withVictim.add(VICTIM);
      Outcome<Map<String, Object>> all = Faults.run(() -> cache.getAll(withVictim));
      if (all.threw()) {
        assertTrue(all.error() instanceof CacheException, "getAll with the victim: " + all);
        assertEquals(good, cache.getAll(good.keySet()), "getAll of the others after a getAll that threw");
      } else {
        Map<String, Object> read = new LinkedHashMap<>(all.value());
        assertFalse(read.containsKey(VICTIM), "getAll returned a value for the corrupt entry: " + read.get(VICTIM));
        assertEquals(good, read, "getAll with the victim lost other entries");
      }

      Outcome<Map<String, Object>> iterated = Faults.run(() -> iterate(cache));
      assertFalse(iterated.threw(), "iteration over a cache with a corrupt entry: " + iterated);
      assertEquals(good, iterated.value(), "iteration yields the good entries and skips the corrupt one");

      Outcome<Object> removeOthers = Faults.run(() -> {
        cache.removeAll(good.keySet());
        return null;
      });
      assertFalse(removeOthers.threw(), "removeAll of the other keys: " + removeOthers);
      assertEquals(Map.of(), cache.getAll(good.keySet()), "removeAll of the other keys removed them");
      cache.putAll(good);

      cache.put(VICTIM, "new");
      assertEquals("new", cache.get(VICTIM), "a put repairs the corrupt entry");

      plant(redis, ns, corruption);
      Outcome<Boolean> removed = Faults.run(() -> cache.remove(VICTIM));
      assertFalse(removed.threw(), "remove of the corrupt entry: " + removed);
      assertNull(cache.get(VICTIM), "the corrupt entry is gone after remove");

      cache.put(VICTIM, "fine");
      plant(redis, ns, corruption);
      Outcome<Object> removeAll = Faults.run(() -> {
        cache.removeAll();
        return null;
      });
      assertFalse(removeAll.threw(), "removeAll() with a corrupt entry: " + removeAll);
      assertFalse(cache.iterator().hasNext(), "the cache is empty after removeAll()");
      assertEquals(Map.of(), cache.getAll(withVictim), "the cache is empty after removeAll()");
      assertFalse(Faults.anyEntriesKeyHolds(redis, ns, CACHE, VICTIM_FIELD), "removeAll() left the corrupt record");

      cache.putAll(good);
      cache.put(VICTIM, "fine");
      plant(redis, ns, corruption);
      Outcome<Object> cleared = Faults.run(() -> {
        cache.clear();
        return null;
      });
      assertFalse(cleared.threw(), "clear() with a corrupt entry: " + cleared);
      assertFalse(cache.iterator().hasNext(), "the cache is empty after clear()");
      assertFalse(Faults.anyEntriesKeyHolds(redis, ns, CACHE, VICTIM_FIELD), "clear() left the corrupt record");
    }
  }

  @Test
  void aValueNestedTooDeeplyFailsItsPutAndTheCacheStillWorks(RedisNode redis) throws InterruptedException {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, Object> cache = manager.createCache(CACHE, new MutableConfiguration<>());
      List<Object> deep = nestedLists(10_000);
      // on the JVM's default stack size, so that the outcome does not depend on how the test runs
      AtomicReference<Outcome<Object>> put = new AtomicReference<>();
      Thread t = new Thread(null, () -> put.set(Faults.run(() -> {
        cache.put("deep", deep);
        return null;
      })), "deep-put", 1 << 20);
      t.start();
      t.join(30_000);
      assertFalse(t.isAlive(), "the put of a deep value did not end in 30 s");
      System.out.printf("[fault] corrupt deep value: put %s%n", put.get());
      assertTrue(put.get().error() instanceof CacheException, "expected a CacheException but " + put.get());
      assertNull(cache.get("deep"), "nothing was stored");
      cache.put("shallow", List.of(1, 2, 3));
      assertEquals(List.of(1, 2, 3), cache.get("shallow"), "the cache still works");
    }
  }

  /** Overwrites the victim's record with the damaged one, in whichever segment hash holds it. */
  private static void plant(RedisNode redis, String ns, Corruption corruption) {
    String hash = Faults.entriesKeyHolding(redis, ns, CACHE, VICTIM_FIELD);
    redis.command("HSET", hash, VICTIM_FIELD, corruption.record);
  }

  private static Map<String, Object> iterate(Cache<String, Object> cache) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Cache.Entry<String, Object> e : cache) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static List<Object> nestedLists(int depth) {
    List<Object> root = new ArrayList<>();
    List<Object> current = root;
    for (int i = 0; i < depth; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    return root;
  }
}
