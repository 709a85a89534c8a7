package dev.strata.jcache.near;

import static dev.strata.jcache.support.NearCaches.await;
import static dev.strata.jcache.support.NearCaches.config;
import static dev.strata.jcache.support.NearCaches.names;
import static dev.strata.jcache.support.NearCaches.near;
import static dev.strata.jcache.support.NearCaches.properties;
import static dev.strata.jcache.support.NearCaches.warm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The near-cache protocol against a real Redis. Two managers on one namespace stand for two JVMs:
 * each has its own Redisson client, subscription, sender id and near cache. Races are made
 * deterministic with {@link FaultInjection}.
 */
@ExtendWith(RedisExtension.class)
class NearCacheProtocolTest {

  private static final int CHECK_MILLIS = 200;

  @AfterEach
  void removeHooks() {
    FaultInjection.reset();
  }

  @Test
  void fillOvertakenByAnInvalidationIsNotInstalled(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (CacheManager readerSide = Managers.open(redis, ns, properties(60_000, 4));
        CacheManager writerSide = Managers.open(redis, ns, properties(60_000, 4))) {
      Cache<String, String> reader = readerSide.createCache("race", config());
      Cache<String, String> writer = writerSide.createCache("race", config());
      writer.put("k", "v1");
      warm(reader, "k", "v1");
      // a rewrite drops the reader's entry, so that its next read is a fill
      writer.put("k", "v1");
      await("the reader to drop k", 5_000, () -> near(reader).servableEntries().isEmpty());
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      FaultInjection.beforeFillInstall((cache, key) -> {
        held.countDown();
        awaitQuietly(release);
      });
      Future<String> read = pool.submit(() -> reader.get("k"));
      assertTrue(held.await(10, TimeUnit.SECONDS), "the fill reached the hook");
      long received = near(reader).metrics().invalidationsReceived();
      writer.put("k", "v2");
      await("the invalidation to reach the reader", 5_000,
          () -> near(reader).metrics().invalidationsReceived() > received);
      release.countDown();
      assertEquals("v1", read.get(10, TimeUnit.SECONDS), "the read began before the write, so v1 is its answer");
      FaultInjection.reset();
      assertEquals(1, near(reader).metrics().staleInstallsPrevented());
      assertEquals("v2", reader.get("k"));
      long hits = near(reader).metrics().hits();
      assertEquals("v2", reader.get("k"));
      assertEquals(hits + 1, near(reader).metrics().hits(), "the fresh value is cached");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentMissesOfOneKeyShareOneRemoteRead(RedisNode redis) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("shared", config());
      cache.put("k", "v");
      cache.put("other", "o"); // own writes invalidate; start from an empty near cache
      AtomicInteger remoteReads = new AtomicInteger();
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      FaultInjection.beforeFillInstall((name, key) -> {
        remoteReads.incrementAndGet();
        held.countDown();
        awaitQuietly(release);
      });
      List<Future<String>> reads = new ArrayList<>();
      reads.add(pool.submit(() -> cache.get("k")));
      assertTrue(held.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 8; i++) {
        reads.add(pool.submit(() -> cache.get("k")));
      }
      for (int i = 1; i < reads.size(); i++) {
        assertEquals("v", reads.get(i).get(10, TimeUnit.SECONDS), "a waiting reader got the shared answer");
      }
      release.countDown();
      assertEquals("v", reads.get(0).get(10, TimeUnit.SECONDS));
      assertEquals(1, remoteReads.get(), "nine concurrent misses, one remote read");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lostMessageIsDetectedByTheNextSequenceNumber(RedisNode redis) {
    String ns = Managers.freshNamespace();
    // one segment, so that the next write of any key reveals the gap; no periodic check in the way
    Properties props = properties(60_000, 1);
    try (CacheManager readerSide = Managers.open(redis, ns, props);
        CacheManager writerSide = Managers.open(redis, ns, props)) {
      Cache<String, String> reader = readerSide.createCache("lost", config());
      Cache<String, String> writer = writerSide.createCache("lost", config());
      writer.put("lost-key", "1");
      warm(reader, "lost-key", "1");
      FaultInjection.dropMessages(m -> m.cacheName().equals("lost") && names(m, "lost-key"));
      writer.put("lost-key", "2");
      assertEquals("1", reader.get("lost-key"), "with the message lost and nothing else yet, the entry is stale");
      // the drop stays armed: the message may still be on its way, and only the lost-key one is dropped
      long gaps = near(reader).metrics().gapsDetected();
      writer.put("another-key", "x");
      await("the gap to be detected", 5_000, () -> near(reader).metrics().gapsDetected() > gaps);
      assertEquals("2", reader.get("lost-key"));
    }
  }

  @Test
  void lostLastMessageIsCaughtByThePeriodicCheck(RedisNode redis) {
    String ns = Managers.freshNamespace();
    Properties props = properties(CHECK_MILLIS, 4);
    try (CacheManager readerSide = Managers.open(redis, ns, props);
        CacheManager writerSide = Managers.open(redis, ns, props)) {
      Cache<String, String> reader = readerSide.createCache("last", config());
      Cache<String, String> writer = writerSide.createCache("last", config());
      writer.put("last-key", "1");
      warm(reader, "last-key", "1");
      FaultInjection.dropMessages(m -> m.cacheName().equals("last") && names(m, "last-key"));
      writer.put("last-key", "2");
      long millis = await("the periodic check to void the stale entry", 2 * CHECK_MILLIS + 1_000,
          () -> "2".equals(reader.get("last-key")));
      System.out.printf("near cache: lost last message repaired after %d ms (check interval %d ms)%n", millis,
          CHECK_MILLIS);
      assertTrue(near(reader).metrics().gapsDetected() >= 1);
    }
  }

  @Test
  void flushAllBehindOurBackIsCaughtByTheEpochCheck(@PrivateRedis RedisNode redis) {
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), properties(CHECK_MILLIS, 4))) {
      Cache<String, String> cache = manager.createCache("flushed", config());
      cache.put("k", "v");
      warm(cache, "k", "v");
      redis.command("FLUSHALL");
      long millis = await("the near entry to go after FLUSHALL", 2 * CHECK_MILLIS + 1_000, () -> cache.get("k") == null);
      System.out.printf("near cache: FLUSHALL noticed after %d ms%n", millis);
      assertTrue(near(cache).metrics().segmentClears() >= 1);
      cache.put("k", "again");
      assertEquals("again", cache.get("k"));
    }
  }

  @Test
  void clearAndRemoveAllElsewhereEmptyTheNearCache(RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager readerSide = Managers.open(redis, ns, properties(60_000, 4));
        CacheManager writerSide = Managers.open(redis, ns, properties(60_000, 4))) {
      Cache<String, String> reader = readerSide.createCache("bulk", config());
      Cache<String, String> writer = writerSide.createCache("bulk", config());
      for (int i = 0; i < 20; i++) {
        writer.put("k" + i, "v" + i);
        assertEquals("v" + i, reader.get("k" + i));
      }
      writer.clear();
      // one message per segment: each reaches the reader on its own
      await("clear to reach the reader", 5_000, () -> {
        for (int i = 0; i < 20; i++) {
          if (reader.get("k" + i) != null) {
            return false;
          }
        }
        return true;
      });
      writer.put("a", "1");
      writer.put("b", "2");
      assertEquals("1", reader.get("a"));
      assertEquals("2", reader.get("b"));
      writer.removeAll(Set.of("a", "b"));
      await("removeAll to reach the reader", 5_000, () -> reader.get("a") == null && reader.get("b") == null);
    }
  }

  @Test
  void ownWritesAreReadBackAndCacheOnUpdateServesTheWriterFromMemory(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> plain = manager.createCache("own", config());
      plain.put("k", "1");
      assertEquals("1", plain.get("k"));
      plain.put("k", "2");
      assertEquals("2", plain.get("k"), "read-your-writes: the write dropped the near entry");
      assertTrue(plain.remove("k"));
      assertNull(plain.get("k"));

      Cache<String, String> eager = manager.createCache("eager",
          config(NearCacheSettings.builder().onUpdate(NearCacheSettings.OnUpdate.CACHE).build()));
      eager.put("k", "1");
      warm(eager, "k", "1"); // the segment's epoch is known from here on
      long misses = near(eager).metrics().misses();
      eager.put("k", "2");
      assertEquals("2", eager.get("k"));
      assertEquals(misses, near(eager).metrics().misses(), "cache-on-update: reads after own writes are near hits");
    }
  }

  @Test
  void nearEntryNeverOutlivesItsRemoteExpiry(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      var config = config();
      config.setExpiryPolicyFactory(FactoryBuilder.factoryOf(new CreatedExpiryPolicy(
          new Duration(TimeUnit.MILLISECONDS, 400))));
      Cache<String, String> cache = manager.createCache("ttl", config);
      cache.put("k", "v");
      warm(cache, "k", "v");
      Thread.sleep(450);
      assertNull(cache.get("k"), "expired in Redis, so gone from the near cache too");
    }
  }

  @Test
  void accessedExpiryPolicyGetsNoNearCache(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      var config = config();
      config.setExpiryPolicyFactory(javax.cache.expiry.AccessedExpiryPolicy.factoryOf(Duration.ONE_MINUTE));
      Cache<String, String> cache = manager.createCache("accessed", config);
      assertNull(near(cache), "every read must reach Redis to extend the expiry");
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
