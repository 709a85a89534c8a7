package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.EventLog;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The asynchronous view ({@code unwrap(AsyncCache.class)}) on a real Redis: the same answers,
 * events and statistics as the synchronous calls, a near hit completed before the call returns, and
 * a caller never held by a frozen Redis.
 */
@ExtendWith(RedisExtension.class)
class AsyncCacheTest {

  private static final List<String> EVENTS = EventLog.EVENTS;

  @Test
  void answersEventsAndStatisticsAreTheSynchronousOnes(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("async", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class).setStatisticsEnabled(true)
          .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
              FactoryBuilder.factoryOf(EventLog.class), null, true, true)));
      @SuppressWarnings("unchecked")
      AsyncCache<String, String> async = cache.unwrap(AsyncCache.class);
      EVENTS.clear();

      assertNull(join(async.put("a", "1")));
      assertEquals("1", join(async.get("a")));
      assertFalse(join(async.putIfAbsent("a", "2")));
      assertTrue(join(async.putIfAbsent("b", "2")));
      assertEquals("1", join(async.getAndPut("a", "3")));
      assertTrue(join(async.replace("a", "4")));
      assertNull(join(async.putAll(Map.of("c", "5", "d", "6"))));
      assertEquals(Map.of("a", "4", "c", "5"), join(async.getAll(Set.of("a", "c", "zz"))));
      assertEquals(Integer.valueOf(1), join(async.<Integer>invoke("d", (e, args) -> e.getValue().length())));
      assertTrue(join(async.remove("b")));
      assertFalse(join(async.remove("b")));
      assertEquals("4", cache.get("a"), "the synchronous view sees what the async one wrote");

      assertEquals(List.of("CREATED a=1", "CREATED b=2", "UPDATED a=3", "UPDATED a=4"), EVENTS.subList(0, 4));
      assertTrue(EVENTS.contains("REMOVED b=2"), EVENTS.toString());
      CacheStatisticsMXBean stats = new dev.strata.jcache.management.CacheStatisticsBean(
          cache.unwrap(StrataCache.class).statistics());
      // puts: a, b, a (getAndPut), a (replace), c, d; gets: get a, getAndPut a, getAll a c zz, get a (sync)
      assertEquals(6, stats.getCachePuts());
      assertEquals(1, stats.getCacheRemovals());
      ExecutionException failure = assertThrows(ExecutionException.class,
          () -> async.<Object>invoke("a", (e, args) -> {
            throw new IllegalStateException("boom");
          }).toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertInstanceOf(javax.cache.processor.EntryProcessorException.class, failure.getCause());
      assertThrows(NullPointerException.class, () -> async.get(null), "arguments checked on the caller's thread");
    }
  }

  @Test
  void aNearHitCompletesBeforeTheCallReturns(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), NearCaches.properties(200, 4))) {
      Cache<String, String> cache = manager.createCache("near", NearCaches.defaults());
      var near = cache.unwrap(StrataCache.class).nearCache();
      NearCaches.await("serving", 5_000, () -> near.coordinator().serving());
      cache.put("k", "v");
      NearCaches.await("a near hit", 5_000, () -> {
        long hits = near.metrics().hits();
        return "v".equals(cache.get("k")) && near.metrics().hits() > hits;
      });
      @SuppressWarnings("unchecked")
      AsyncCache<String, String> async = cache.unwrap(AsyncCache.class);
      CompletableFuture<String> hit = async.get("k").toCompletableFuture();
      assertTrue(hit.isDone(), "completed on the caller's thread");
      assertEquals("v", hit.get());
    }
  }

  @Test
  void aFrozenRedisNeverHoldsTheCaller() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone()) {
      Properties p = new Properties();
      p.setProperty("strata.redis.timeout-ms", "500");
      p.setProperty("strata.redis.deadline-ms", "1000");
      try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), p)) {
        Cache<String, String> cache = manager.createCache("frozen", new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class));
        cache.put("k", "v");
        @SuppressWarnings("unchecked")
        AsyncCache<String, String> async = cache.unwrap(AsyncCache.class);
        redis.pause();
        try {
          long start = System.nanoTime();
          CompletableFuture<Void> put = async.put("k", "w").toCompletableFuture();
          CompletableFuture<String> get = async.get("k").toCompletableFuture();
          long callMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
          System.out.printf("[async] two calls against a frozen Redis returned to the caller in %d us%n", callMicros);
          assertTrue(callMicros < 50_000, "the calls returned after " + callMicros + " us");
          ExecutionException e = assertThrows(ExecutionException.class, () -> put.get(10, TimeUnit.SECONDS));
          assertInstanceOf(CacheException.class, e.getCause());
          assertThrows(ExecutionException.class, () -> get.get(10, TimeUnit.SECONDS));
        } finally {
          redis.resume();
        }
      }
    }
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
