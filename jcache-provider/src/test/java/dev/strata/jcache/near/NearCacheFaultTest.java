package dev.strata.jcache.near;

import static dev.strata.jcache.support.NearCaches.await;
import static dev.strata.jcache.support.NearCaches.config;
import static dev.strata.jcache.support.NearCaches.near;
import static dev.strata.jcache.support.NearCaches.properties;
import static dev.strata.jcache.support.NearCaches.warm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The near cache across connection loss and a Redis restart, on a server of the test's own. */
@ExtendWith(RedisExtension.class)
class NearCacheFaultTest {

  @AfterEach
  void removeHooks() {
    FaultInjection.reset();
  }

  @Test
  void killedSubscriptionIsReconciledBeforeTheNearCacheServesAgain(@PrivateRedis RedisNode redis) {
    String ns = Managers.freshNamespace();
    // a long periodic check, so that only the reconnect path can repair the near cache
    try (CacheManager readerSide = Managers.open(redis, ns, properties(60_000, 4));
        CacheManager writerSide = Managers.open(redis, ns, properties(60_000, 4))) {
      Cache<String, String> reader = readerSide.createCache("pubsub", config());
      Cache<String, String> writer = writerSide.createCache("pubsub", config());
      writer.put("k", "v1");
      warm(reader, "k", "v1");
      NearCacheCoordinator coordinator = near(reader).coordinator();
      long reconciliations = coordinator.reconciliations();
      // every message published while the subscription is down is lost; make sure of it even if
      // Redisson resubscribes before the write below
      AtomicBoolean disconnected = new AtomicBoolean(true);
      FaultInjection.dropMessages(m -> disconnected.get() && !m.isMarker());
      redis.command("CLIENT", "KILL", "TYPE", "pubsub");
      writer.put("k", "v2");
      disconnected.set(false);
      long millis = await("the reader to reconcile", 20_000, () -> coordinator.reconciliations() > reconciliations);
      System.out.printf("near cache: subscription killed, serving again after %d ms%n", millis);
      assertEquals(NearCacheCoordinator.State.CONNECTED, coordinator.state());
      assertEquals("v2", reader.get("k"), "no stale read after the reconnect");
      warm(reader, "k", "v2");
      writer.put("k", "v3");
      await("invalidations to flow again", 5_000, () -> "v3".equals(reader.get("k")));
    }
  }

  @Test
  void redisRestartWithDataLossVoidsTheNearCache(@PrivateRedis RedisNode redis) {
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), properties(200, 4))) {
      Cache<String, String> cache = manager.createCache("restart", config());
      cache.put("k", "v1");
      warm(cache, "k", "v1");
      NearCacheCoordinator coordinator = near(cache).coordinator();
      long reconciliations = coordinator.reconciliations();
      redis.restart();
      long millis = await("the near cache to reconcile after the restart", 30_000,
          () -> coordinator.reconciliations() > reconciliations);
      System.out.printf("near cache: Redis restarted, serving again after %d ms%n", millis);
      assertNull(cache.get("k"), "Redis lost the entry, so the near cache must not serve it");
      assertTrue(near(cache).metrics().segmentClears() >= 1);
      cache.put("k", "v2");
      warm(cache, "k", "v2");
    }
  }
}
