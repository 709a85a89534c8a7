package dev.strata.jcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code admit-after}: a value read from Redis is kept only at the n-th read of its key; preload keeps it at once. */
@ExtendWith(RedisExtension.class)
class NearAdmissionTest {

  @Test
  void aKeyIsKeptAtItsThirdRead(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    try (CacheManager writer = Managers.open(redis, ns, NearCaches.properties(200, 4));
        CacheManager manager = Managers.open(redis, ns, NearCaches.properties(200, 4))) {
      writer.createCache("admit", NearCaches.defaults()).putAll(java.util.Map.of("k", "v", "p", "w"));
      Cache<String, String> cache = manager.createCache("admit",
          NearCaches.config(NearCacheSettings.builder().admitAfter(3).build()));
      NearCache near = cache.unwrap(StrataCache.class).nearCache();
      NearCaches.await("serving", 5_000, () -> near.coordinator().serving());
      for (int read = 1; read <= 3; read++) {
        assertEquals("v", cache.get("k"));
        assertEquals(0, near.metrics().hits(), "no hit before admission (read " + read + ")");
      }
      NearCaches.await("the third read admitted the key", 5_000, () -> near.size() == 1);
      assertEquals("v", cache.get("k"));
      assertEquals(1, near.metrics().hits());

      cache.unwrap(StrataCache.class).preload(Set.of("p"));
      assertEquals("w", cache.get("p"));
      assertEquals(2, near.metrics().hits(), "preload keeps a key whatever admit-after says");
    }
  }
}
