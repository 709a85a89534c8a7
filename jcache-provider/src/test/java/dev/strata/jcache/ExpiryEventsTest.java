package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Expiry that nobody observes is still reported, within the sweep bound. */
@ExtendWith(RedisExtension.class)
class ExpiryEventsTest {

  @Test
  void unreadExpiredEntriesFireExpiredWithinTheSweepBound(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("short-lived",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 300))));
      ExpiredCollector.SEEN.clear();
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(ExpiredCollector.class), null, true, false));
      long written = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        cache.put("k" + i, "v" + i);
      }
      // nobody reads: only the sweeper can notice (interval 1 s by default)
      long deadline = written + TimeUnit.SECONDS.toNanos(5);
      while (ExpiredCollector.SEEN.size() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
      assertEquals(50, ExpiredCollector.SEEN.size(), "EXPIRED events after " + millis + " ms");
      assertTrue(millis < 2_500, "EXPIRED events took " + millis + " ms");
      assertEquals("v7", ExpiredCollector.SEEN.get("k7"), "the event carries the value");
      assertNull(cache.get("k7"));
    }
  }

  @Test
  void customPoliciesAreAskedOnlyForTheBranchTaken(RedisNode redis) {
    CountingPolicy.reset();
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("counted-policy",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(FactoryBuilder.factoryOf(CountingPolicy.class)));
      cache.put("a", "1");
      assertEquals(Map.of("creation", 1, "update", 0, "access", 0), CountingPolicy.counts());
      cache.put("a", "2");
      assertEquals(Map.of("creation", 1, "update", 1, "access", 0), CountingPolicy.counts());
      cache.get("a");
      assertEquals(Map.of("creation", 1, "update", 1, "access", 1), CountingPolicy.counts());
      cache.containsKey("a");
      cache.get("missing");
      assertEquals(Map.of("creation", 1, "update", 1, "access", 1), CountingPolicy.counts());
      // access duration ZERO: the value is returned once, then the entry is gone
      CountingPolicy.accessZero = true;
      assertEquals("2", cache.get("a"));
      assertNull(cache.get("a"));
    }
  }

  /** Records EXPIRED events by key. */
  public static final class ExpiredCollector implements CacheEntryExpiredListener<String, String> {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> SEEN.put(e.getKey(), e.getValue()));
    }
  }

  /** An expiry policy that counts its calls. */
  public static final class CountingPolicy implements ExpiryPolicy {
    static final AtomicInteger CREATION = new AtomicInteger();
    static final AtomicInteger UPDATE = new AtomicInteger();
    static final AtomicInteger ACCESS = new AtomicInteger();
    static volatile boolean accessZero;

    static void reset() {
      CREATION.set(0);
      UPDATE.set(0);
      ACCESS.set(0);
      accessZero = false;
    }

    static Map<String, Integer> counts() {
      return Map.of("creation", CREATION.get(), "update", UPDATE.get(), "access", ACCESS.get());
    }

    @Override
    public Duration getExpiryForCreation() {
      CREATION.incrementAndGet();
      return Duration.ETERNAL;
    }

    @Override
    public Duration getExpiryForAccess() {
      ACCESS.incrementAndGet();
      return accessZero ? Duration.ZERO : null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      UPDATE.incrementAndGet();
      return null;
    }
  }
}
