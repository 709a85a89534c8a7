package dev.strata.jcache.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.jcache.near.FaultInjection;
import dev.strata.jcache.store.ChannelMessage;
import dev.strata.jcache.store.RawEvent;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
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

/** Messages carry values only while some JVM holds the cache's listener lease. */
@ExtendWith(RedisExtension.class)
class ListenerLeaseTest {

  private static final Map<String, RawEvent> SEEN = new ConcurrentHashMap<>();

  @AfterEach
  void removeHooks() {
    FaultInjection.reset();
    SEEN.clear();
  }

  @Test
  void valuesTravelOnlyWhileSomeJvmListens(RedisNode redis) {
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
      writer.put("before", "v1");
      NearCaches.await("the message of the first write", 5_000, () -> SEEN.containsKey("before"));
      assertNull(SEEN.get("before").value(), "no listener anywhere: the message names the key only");

      listened.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(Quiet.class), null, false, false));
      writer.put("after", "v2");
      NearCaches.await("the message of the second write", 5_000, () -> SEEN.containsKey("after"));
      assertNotNull(SEEN.get("after").value(), "a JVM listens: the message carries the value");
      assertArrayEquals("s:v2".getBytes(StandardCharsets.UTF_8), SEEN.get("after").value());
    }
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
