package dev.strata.jcache.fault;

import static dev.strata.jcache.support.Faults.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Faults.Outcome;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: Redis under memory pressure deletes whole keys of a cache (maxmemory-policy allkeys-*),
 * so a segment can lose its expiry index ({@code :x}) but keep its entries, or lose its entries
 * hash ({@code :e}, which also holds the segment's meta) under a near cache; or Redis refuses
 * writes (noeviction, volatile-lru with nothing volatile left).
 *
 * <p>Proves: entries never outlive their expiry, whatever Redis evicted (the expiry is part of the
 * record, the index only helps the sweeper); a near cache drops entries whose hash Redis evicted
 * within two check intervals; concurrent entry processors lose no update; a write Redis refuses
 * for lack of memory throws a CacheException that says so and leaves the previous value intact.
 */
@ExtendWith(RedisExtension.class)
class EvictionPolicyTest {

  private static final int CHECK_INTERVAL_MS = 200;
  private static final int NEAR_BOUND_MS = 2 * CHECK_INTERVAL_MS + 300;

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static MutableConfiguration<String, String> expiringAfter(long seconds) {
    return strings().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, seconds)));
  }

  @Test
  void entriesNeverOutliveTheirExpiryWhenTheExpiryIndexIsLost(@PrivateRedis RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, ns, new Properties())) {
      // one cache read by key, one iterated, so that no read path cleans up for another
      Cache<String, String> byKey = manager.createCache("indexless", expiringAfter(1));
      Cache<String, String> iterated = manager.createCache("indexlessIter", expiringAfter(1));
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        keys.add("k" + i);
        byKey.put("k" + i, "v" + i);
        iterated.put("k" + i, "v" + i);
      }
      int deleted = Faults.deleteKeysOf(redis, ns, "indexless", "x") + Faults.deleteKeysOf(redis, ns, "indexlessIter", "x");
      assertTrue(deleted > 0, "the caches have expiry index keys to delete");
      Faults.sleep(1_500);

      Set<String> firstHalf = new HashSet<>();
      Set<String> secondHalf = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        (i < 25 ? firstHalf : secondHalf).add("k" + i);
      }
      int outlivedGet = 0;
      for (String k : firstHalf) {
        if (byKey.get(k) != null) {
          outlivedGet++;
        }
      }
      Map<String, String> outlivedGetAll = byKey.getAll(secondHalf);
      int outlivedIteration = 0;
      for (Cache.Entry<String, String> e : iterated) {
        outlivedIteration++;
      }
      System.out.printf("[fault] eviction-index: deletedIndexKeys=%d outlived get=%d/25 getAll=%d/25 iteration=%d/50%n",
          deleted, outlivedGet, outlivedGetAll.size(), outlivedIteration);
      assertEquals(0, outlivedGet, "entries read by get after their expiry");
      assertEquals(Map.of(), outlivedGetAll, "entries read by getAll after their expiry");
      assertEquals(0, outlivedIteration, "entries iterated after their expiry");
    }
  }

  @Test
  void aNearCacheDropsEntriesWhoseHashRedisEvicted(@PrivateRedis RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager a = Managers.open(redis, ns, NearCaches.properties(CHECK_INTERVAL_MS, 4))) {
      Cache<String, String> cache = a.createCache("evictedHash",
          NearCaches.config(NearCacheSettings.builder().maxEntries(1000).build()));
      for (int i = 0; i < 50; i++) {
        cache.put("k" + i, "v" + i);
      }
      for (int i = 0; i < 50; i++) {
        NearCaches.warm(cache, "k" + i, "v" + i);
      }
      int deleted = Faults.deleteKeysOf(redis, ns, "evictedHash", "e");
      long deletedAt = System.nanoTime();
      assertTrue(deleted > 0, "the cache has entries hashes to delete");
      long lastServedMs = -1;
      int served = 0;
      boolean lastRoundEmpty = false;
      // read every key for 3 bounds' time: a read after the bound must not find the evicted entry
      while (Faults.millisSince(deletedAt) < 3L * NEAR_BOUND_MS) {
        lastRoundEmpty = true;
        for (int i = 0; i < 50; i++) {
          if (cache.get("k" + i) != null) {
            served++;
            lastServedMs = Faults.millisSince(deletedAt);
            lastRoundEmpty = false;
          }
        }
        Faults.sleep(5);
      }
      System.out.printf("[fault] eviction-near: deletedHashes=%d servedEvictedForMs=%d (bound %d) servedReads=%d%n",
          deleted, lastServedMs, NEAR_BOUND_MS, served);
      assertTrue(lastServedMs <= NEAR_BOUND_MS, "the near cache served evicted entries until " + lastServedMs
          + " ms after Redis lost them; bound " + NEAR_BOUND_MS + " ms");
      assertTrue(lastRoundEmpty, "the last round still read evicted entries");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"allkeys-lru", "allkeys-random"})
  void entriesNeverOutliveTheirExpiryUnderAllKeysEviction(String policy, @PrivateRedis RedisNode redis) {
    redis.command("CONFIG", "SET", "maxmemory", "8mb");
    redis.command("CONFIG", "SET", "maxmemory-policy", policy);
    String ns = Managers.freshNamespace();
    // many segments: many index keys Redis may evict apart from their entries; no sweeper during the test
    Properties props = properties("strata.segments", "16", "strata.expiry.sweep-interval-ms", "600000");
    try (CacheManager manager = Managers.open(redis, ns, props)) {
      Cache<String, String> cache = manager.createCache("pressed", expiringAfter(2));
      String value = "x".repeat(1024);
      long target = 20L << 20;
      long written = 0;
      int refused = 0;
      List<String> keys = new ArrayList<>();
      int batch = 0;
      long started = System.nanoTime();
      while (written < target) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
          entries.put("k" + keys.size(), value);
          keys.add("k" + keys.size());
        }
        // half the batches as putAll, half as single puts
        if (batch++ % 2 == 0) {
          try {
            cache.putAll(entries);
          } catch (CacheException e) {
            refused += entries.size();
          }
        } else {
          for (Map.Entry<String, String> e : entries.entrySet()) {
            try {
              cache.put(e.getKey(), e.getValue());
            } catch (CacheException ex) {
              refused++;
            }
          }
        }
        written += entries.size() * (long) value.length();
      }
      long writeMs = Faults.millisSince(started);
      Faults.sleep(2_500);
      int outlived = 0;
      for (int from = 0; from < keys.size(); from += 500) {
        outlived += cache.getAll(new HashSet<>(keys.subList(from, Math.min(keys.size(), from + 500)))).size();
      }
      int outlivedGet = 0;
      for (int i = 0; i < keys.size(); i += 20) {
        if (cache.get(keys.get(i)) != null) {
          outlivedGet++;
        }
      }
      long evicted = Faults.info(redis, "stats", "evicted_keys");
      System.out.printf("[fault] eviction-%s: written=%d MB in %d ms puts=%d refused=%d evictedKeys=%d "
          + "outlived getAll=%d get=%d/%d%n", policy, written >> 20, writeMs, keys.size(), refused, evicted, outlived,
          outlivedGet, (keys.size() + 19) / 20);
      assertTrue(evicted > 0, "Redis evicted nothing, so the test proved nothing");
      assertEquals(0, outlived, "entries read by getAll after their expiry");
      assertEquals(0, outlivedGet, "entries read by get after their expiry");
    }
  }

  /** Adds one to an Integer entry (0 when absent) and returns the new value. */
  public static final class Increment implements EntryProcessor<String, Integer, Integer> {
    @Override
    public Integer process(MutableEntry<String, Integer> entry, Object... arguments) {
      int next = (entry.exists() ? entry.getValue() : 0) + 1;
      entry.setValue(next);
      return next;
    }
  }

  @Test
  void concurrentIncrementsLoseNothingAndAWriteRefusedForMemoryChangesNothing(@PrivateRedis RedisNode redis) {
    String ns = Managers.freshNamespace();
    MutableConfiguration<String, Integer> ints = new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class);
    try (CacheManager one = Managers.open(redis, ns, new Properties());
        CacheManager two = Managers.open(redis, ns, new Properties())) {
      Cache<String, Integer> c1 = one.createCache("counters", ints);
      Cache<String, Integer> c2 = two.createCache("counters", ints);
      c1.put("counter", 0);
      List<CompletableFuture<Outcome<Object>>> runs = new ArrayList<>();
      for (Cache<String, Integer> c : List.of(c1, c2)) {
        runs.add(Faults.start("increments", () -> {
          for (int i = 0; i < 200; i++) {
            c.invoke("counter", new Increment());
          }
          return null;
        }));
      }
      for (CompletableFuture<Outcome<Object>> run : runs) {
        Outcome<Object> outcome = Faults.await(run, 60_000);
        assertTrue(!outcome.threw(), "200 increments: " + outcome);
      }
      int counted = c1.get("counter");
      System.out.printf("[fault] increments: 2 x 200 gave %d, lost updates %d%n", counted, 400 - counted);
      assertEquals(400, counted, "lost updates");

      redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
      int fillers = fillUntilOom(redis, 1 << 20);
      // the OOM reply came while the filler's 50 KB argument was in a query buffer; keep Redis full
      // once that buffer is freed, so that every write below is refused
      long used = Faults.info(redis, "memory", "used_memory");
      redis.command("CONFIG", "SET", "maxmemory", Long.toString(used - (256 << 10)));
      try {
        CacheException refused = assertThrows(CacheException.class, () -> c1.put("counter", -1),
            "a put on a Redis out of memory");
        String message = String.valueOf(refused.getMessage());
        System.out.printf("[fault] noeviction: %d filler keys, put refused: %s%n", fillers, message);
        assertTrue(message.toLowerCase(Locale.ROOT).contains("memory") || message.contains("OOM"),
            "says why: " + message);
        Outcome<Integer> increment = Faults.run(() -> c2.invoke("counter", new Increment()));
        assertTrue(increment.error() instanceof CacheException, "an increment on a Redis out of memory: " + increment);
      } finally {
        redis.command("CONFIG", "SET", "maxmemory", "0");
      }
      assertEquals(400, c1.get("counter"), "the refused writes left the previous value");
      assertEquals(400, c2.get("counter"), "the refused writes left the previous value");
      c1.put("counter", 401);
      assertEquals(401, c2.get("counter"));
    }
  }

  @Test
  void underVolatileLruWritesSucceedOrFailWholly(@PrivateRedis RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, ns, new Properties())) {
      Cache<String, String> cache = manager.createCache("volatile", strings());
      int slots = 60;
      for (int i = 0; i < slots; i++) {
        cache.put("slot" + i, "prev" + i);
      }
      redis.command("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
      int fillers = fillUntilOom(redis, 1 << 20);
      // make room for a few writes, and give Redis some volatile keys to evict for a few more
      for (int i = 0; i < 10; i++) {
        redis.command("DEL", "filler" + i);
      }
      String filler = "f".repeat(50 * 1024);
      for (int i = 0; i < 4; i++) {
        redis.command("SET", "volatile" + i, filler, "EX", "3600");
      }
      long evictedBefore = Faults.info(redis, "stats", "evicted_keys");
      String padding = "n".repeat(20 * 1024);
      Map<String, Boolean> applied = new HashMap<>();
      List<String> problems = new ArrayList<>();
      int refused = 0;
      try {
        for (int i = 0; i < slots; i++) {
          String key = "slot" + i;
          String next = "new" + i + padding;
          Outcome<Object> outcome = switch (i % 3) {
            case 0 -> Faults.run(() -> {
              cache.put(key, next);
              return null;
            });
            case 1 -> Faults.run(() -> cache.getAndPut(key, next));
            default -> Faults.run(() -> cache.replace(key, next));
          };
          Object answer = switch (i % 3) {
            case 0 -> null;
            case 1 -> "prev" + i;
            default -> true;
          };
          if (!outcome.threw()) {
            applied.put(key, true);
            if (!Objects.equals(answer, outcome.value())) {
              problems.add(key + ": expected " + answer + " but " + outcome);
            }
          } else if (outcome.error() instanceof CacheException) {
            applied.put(key, false);
            refused++;
          } else {
            problems.add(key + ": neither success nor CacheException: " + outcome);
          }
        }
      } finally {
        redis.command("CONFIG", "SET", "maxmemory", "0");
      }
      long evicted = Faults.info(redis, "stats", "evicted_keys") - evictedBefore;
      int halfWritten = 0;
      for (int i = 0; i < slots; i++) {
        String key = "slot" + i;
        String expected = Boolean.TRUE.equals(applied.get(key)) ? "new" + i + padding : "prev" + i;
        String actual = cache.get(key);
        if (!expected.equals(actual)) {
          halfWritten++;
          problems.add(key + ": expected " + abbreviate(expected) + " but read " + abbreviate(actual));
        }
      }
      int succeeded = (int) applied.values().stream().filter(b -> b).count();
      System.out.printf("[fault] volatile-lru: fillers=%d writes=%d succeeded=%d refused=%d evictedDuringWrites=%d "
          + "halfWritten=%d%n", fillers, slots, succeeded, refused, evicted, halfWritten);
      assertTrue(problems.isEmpty(), String.join("\n", problems));
      assertTrue(succeeded > 0, "no write succeeded, so the test proved less than it should");
      assertTrue(refused > 0, "no write was refused, so the test proved less than it should");
    }
  }

  /**
   * Sets maxmemory to the memory used now plus {@code headroom} bytes and fills it with plain
   * 50 KB keys {@code filler<i>} (no expiry) until Redis answers OOM; returns how many it wrote.
   */
  private static int fillUntilOom(RedisNode redis, long headroom) {
    long used = Faults.info(redis, "memory", "used_memory");
    redis.command("CONFIG", "SET", "maxmemory", Long.toString(used + headroom));
    String filler = "f".repeat(50 * 1024);
    for (int i = 0; i < 10_000; i++) {
      try {
        redis.command("SET", "filler" + i, filler);
      } catch (UncheckedIOException e) {
        if (String.valueOf(e.getCause().getMessage()).startsWith("OOM")) {
          return i;
        }
        throw e;
      }
    }
    throw new AssertionError("Redis never answered OOM");
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 20 ? s : s.substring(0, 20) + "...(" + s.length() + " chars)";
  }
}
