package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.codec.ValueCompression;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.support.EventLog;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Value compression on a real Redis: long values are stored compressed and read back equal through
 * every operation, and two managers with different settings (as two JVMs during a switch) read and
 * conditionally write each other's values.
 */
@ExtendWith(RedisExtension.class)
class CompressionTest {

  private static final String JSON = "{\"id\":42,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
      + "\"roles\":[\"admin\",\"author\"],\"active\":true},";

  private static StrataConfiguration<String, String> config(int compressAbove) {
    StrataConfiguration<String, String> config = new StrataConfiguration<String, String>().setCompressAbove(compressAbove);
    config.setTypes(String.class, String.class);
    return config;
  }

  private static byte[] stored(Cache<String, String> cache, String key) {
    StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
    return strata.store().getPlain(strata.codec().encode(key), false).value();
  }

  @Test
  void longValuesAreStoredCompressedAndEveryOperationReadsThemBack(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("docs", config(1024));
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(EventLog.class), null, true, true));
      String big = JSON.repeat(100);
      cache.put("a", big);
      byte[] raw = stored(cache, "a");
      assertTrue(ValueCompression.isCompressed(raw), "stored compressed");
      System.out.printf("[compression] %d-byte JSON-like value stored in %d bytes (%.0f%% saved)%n", big.length(),
          raw.length, 100.0 - 100.0 * raw.length / big.length());
      assertEquals(big, cache.get("a"));
      cache.put("small", "tiny");
      assertFalse(ValueCompression.isCompressed(stored(cache, "small")), "short values stay as they are");
      assertEquals(big, cache.getAndPut("a", big + "!"));
      assertTrue(cache.replace("a", big + "!", big));
      assertFalse(cache.replace("a", "something else", big));
      Map<String, String> many = new HashMap<>();
      for (int i = 0; i < 10; i++) {
        many.put("m" + i, JSON.repeat(50 + i));
      }
      cache.putAll(many);
      assertEquals(many, cache.getAll(many.keySet()));
      assertEquals(Integer.valueOf(JSON.length() * 50), cache.invoke("m0", (e, args) -> e.getValue().length()));
      int iterated = 0;
      for (Cache.Entry<String, String> e : cache) {
        assertEquals(e.getKey().startsWith("m") ? many.get(e.getKey()) : e.getKey().equals("a") ? big : "tiny",
            e.getValue());
        iterated++;
      }
      assertEquals(12, iterated);
      assertTrue(cache.remove("a", big));
      assertNull(cache.get("a"));
      assertTrue(EventLog.EVENTS.stream().anyMatch(e -> e.equals("CREATED a=" + big)), "events carry the value");
    }
  }

  @Test
  void managersWithDifferentSettingsShareTheCache(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    Properties p = NearCaches.properties(200, 4);
    try (CacheManager on = Managers.open(redis, ns, p); CacheManager off = Managers.open(redis, ns, p)) {
      Cache<String, String> compressing = on.createCache("shared", config(256));
      Cache<String, String> plain = off.createCache("shared", config(0));
      String big = JSON.repeat(20);
      compressing.put("k", big);
      assertTrue(ValueCompression.isCompressed(stored(plain, "k")));
      assertEquals(big, plain.get("k"), "read whatever the reader's setting");
      assertTrue(plain.replace("k", big, big + "v2"), "a conditional write matches the other form");
      assertFalse(ValueCompression.isCompressed(stored(plain, "k")));
      assertEquals(big + "v2", compressing.get("k"));
      assertTrue(compressing.replace("k", big + "v2", big), "and the other way round");
      assertTrue(plain.remove("k", big));
      assertNull(compressing.get("k"));
    }
  }
}
