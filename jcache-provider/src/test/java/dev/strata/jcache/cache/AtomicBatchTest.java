package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.EventLog;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Atomic batches on a single server: another client never sees half a batch, each change fires its
 * event, another manager's near cache drops the keys, and a batch Redis refuses (out of memory)
 * changes nothing.
 */
@ExtendWith(RedisExtension.class)
class AtomicBatchTest {

  private static final List<String> EVENTS = EventLog.EVENTS;

  @Test
  void eventsAndNearCachesFollowTheBatch(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    try (CacheManager here = Managers.open(redis, ns, NearCaches.properties(200, 4));
        CacheManager there = Managers.open(redis, ns, NearCaches.properties(200, 4))) {
      Cache<String, String> cache = here.createCache("orders", NearCaches.defaults());
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(EventLog.class), null, true, true));
      Cache<String, String> other = there.createCache("orders", NearCaches.defaults());
      cache.put("cart:7", "3 items");
      assertEquals("3 items", other.get("cart:7"));
      EVENTS.clear();

      cache.unwrap(StrataCache.class).batch().put("order:1", "new").put("order:1:status", "paid")
          .remove("cart:7").remove("absent").put("order:1", "placed").apply();

      assertEquals("placed", cache.get("order:1"), "a key's last operation wins");
      assertEquals("paid", cache.get("order:1:status"));
      NearCaches.await("the other near cache drops the removed key", 5_000, () -> other.get("cart:7") == null);
      NearCaches.await("three events", 5_000, () -> EVENTS.size() >= 3);
      assertEquals(Set.of("CREATED order:1=placed", "CREATED order:1:status=paid", "REMOVED cart:7=3 items"),
          Set.copyOf(EVENTS));
      assertThrows(IllegalStateException.class, () -> {
        AtomicBatch<Object, Object> b = cache.unwrap(StrataCache.class).batch().put("x", "y");
        b.apply();
        b.apply();
      }, "a batch applies once");
    }
  }

  @Test
  void anotherClientNeverSeesHalfABatch(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      // with an expiry policy getAll is one script over every segment: a consistent read
      Cache<String, String> cache = manager.createCache("pairs", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)));
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        keys.add("pair-" + i); // spread over the 4 segments
      }
      StrataCache<String, String> strata = cache.unwrap(StrataCache.class);
      AtomicBatch<String, String> first = strata.batch();
      keys.forEach(k -> first.put(k, "0"));
      first.apply();
      AtomicBoolean running = new AtomicBoolean(true);
      List<String> torn = new CopyOnWriteArrayList<>();
      long[] reads = new long[1];
      Thread reader = new Thread(() -> {
        while (running.get()) {
          Map<String, String> seen = cache.getAll(Set.copyOf(keys));
          if (Set.copyOf(seen.values()).size() != 1 || seen.size() != keys.size()) {
            torn.add(seen.toString());
          }
          reads[0]++;
        }
      });
      reader.start();
      for (int round = 1; round <= 200; round++) {
        AtomicBatch<String, String> batch = strata.batch();
        String value = Integer.toString(round);
        keys.forEach(k -> batch.put(k, value));
        batch.apply();
      }
      running.set(false);
      reader.join(TimeUnit.SECONDS.toMillis(10));
      System.out.printf("[batch] 200 batches of 8 puts over 4 segments, %d concurrent getAll: %d torn%n", reads[0],
          torn.size());
      assertTrue(reads[0] > 0);
      assertEquals(List.of(), torn.subList(0, Math.min(3, torn.size())));
    }
  }

  @Test
  void aBatchRedisRefusesChangesNothing() {
    try (RedisNode redis = RedisLauncher.startStandalone(List.of("--maxmemory-policy", "noeviction"));
        CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("full", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.put("keep", "v");
      redis.command("CONFIG", "SET", "maxmemory", "1");
      try {
        CacheException e = assertThrows(CacheException.class,
            () -> cache.unwrap(StrataCache.class).batch().remove("keep").put("new", "w").apply());
        System.out.println("[batch] out of memory: " + e.getMessage());
      } finally {
        redis.command("CONFIG", "SET", "maxmemory", "0");
      }
      assertEquals("v", cache.get("keep"), "the removal in the refused batch was not applied");
      assertNull(cache.get("new"));
    }
  }
}
