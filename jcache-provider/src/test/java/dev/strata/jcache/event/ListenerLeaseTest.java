package dev.strata.jcache.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.jcache.near.FaultInjection;
import dev.strata.jcache.store.ChannelMessage;
import dev.strata.jcache.store.RawEvent;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A change publishes a message only while some JVM needs it: nothing while no JVM holds a near
 * cache or a listener of the cache, keys only for near caches, values too while a JVM listens.
 */
@ExtendWith(RedisExtension.class)
class ListenerLeaseTest {

  private static final Map<String, RawEvent> SEEN = new ConcurrentHashMap<>();

  @AfterEach
  void removeHooks() {
    FaultInjection.reset();
    SEEN.clear();
  }

  @Test
  void messagesTravelOnlyWhileSomeJvmNeedsThem(@PrivateRedis RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    // a spy on every message received in this JVM; drops nothing
    FaultInjection.dropMessages(m -> {
      record(m);
      return false;
    });
    MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    try (CacheManager writerSide = Managers.open(redis, ns, new Properties());
        CacheManager listenerSide = Managers.open(redis, ns, new Properties())) {
      Cache<String, String> writer = writerSide.createCache("leased", config);
      Cache<String, String> listened = listenerSide.createCache("leased", config);
      long published = publishCount(redis);
      writer.put("unneeded", "v0");
      assertEquals(published, publishCount(redis), "no near cache and no listener anywhere: no message");

      Cache<String, String> near = listenerSide.createCache("leased-near", NearCaches.defaults());
      Cache<String, String> nearWriter = writerSide.createCache("leased-near", NearCaches.defaults());
      nearWriter.put("before", "v1");
      NearCaches.await("the message of a write seen by a near cache", 5_000, () -> SEEN.containsKey("before"));
      assertNull(SEEN.get("before").value(), "a near cache needs the key only");
      assertNull(near.get("never"));

      listened.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(Quiet.class), null, false, false));
      writer.put("after", "v2");
      NearCaches.await("the message of the second write", 5_000, () -> SEEN.containsKey("after"));
      assertNotNull(SEEN.get("after").value(), "a JVM listens: the message carries the value");
      assertArrayEquals("s:v2".getBytes(StandardCharsets.UTF_8), SEEN.get("after").value());
    }
  }

  private static long publishCount(RedisNode redis) {
    String stats = String.valueOf(redis.command("INFO", "commandstats"));
    int at = stats.indexOf("cmdstat_publish:calls=");
    if (at < 0) {
      return 0;
    }
    int from = at + "cmdstat_publish:calls=".length();
    return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
  }

  private static void record(ChannelMessage m) {
    for (RawEvent e : m.events()) {
      String key = new String(e.key(), StandardCharsets.UTF_8);
      SEEN.put(key.substring(key.indexOf(':') + 1), e);
    }
  }

  /** A listener that only has to exist. */
  public static final class Quiet implements CacheEntryCreatedListener<String, String> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> { });
    }
  }
}
