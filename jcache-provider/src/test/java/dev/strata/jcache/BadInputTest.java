package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a clear exception and never damages other data. */
@ExtendWith(RedisExtension.class)
class BadInputTest {

  /** A class that is not on any allow list. */
  public static final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    final String payload;

    Secret(String payload) {
      this.payload = payload;
    }
  }

  @Test
  void nullKeysAndValuesAreRejectedAsTheSpecSays(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("nulls", new MutableConfiguration<>());
      assertThrows(NullPointerException.class, () -> cache.get(null));
      assertThrows(NullPointerException.class, () -> cache.put("k", null));
      assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
      Map<String, String> withNull = new HashMap<>();
      withNull.put("ok", "v");
      withNull.put("bad", null);
      assertThrows(NullPointerException.class, () -> cache.putAll(withNull));
      assertEquals(null, cache.get("ok"), "a rejected putAll stores nothing");
    }
  }

  @Test
  void corruptBytesInRedisGiveACacheExceptionAndOtherEntriesStayReadable(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, Object> cache = manager.createCache("corrupt", new MutableConfiguration<>());
      for (int i = 0; i < 20; i++) {
        cache.put("good" + i, "value" + i);
      }
      cache.put("victim", "fine");
      // overwrite the victim's record with bytes that claim to be Kryo but are not
      String entriesKey = findEntriesKeyHolding(redis, "s:victim");
      String version = redis.command("HGET", entriesKey, "s:victim").toString().split("\\|")[0];
      redis.command("HSET", entriesKey, "s:victim", version + "|k:\u0001\u00ff\u00ff\u00ff\u00ff\u0007garbage");
      CacheException e = assertThrows(CacheException.class, () -> cache.get("victim"));
      assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
      assertTrue(e.getMessage().contains("'corrupt'"), "names the cache: " + e.getMessage());
      for (int i = 0; i < 20; i++) {
        assertEquals("value" + i, cache.get("good" + i));
      }
      // an unknown type tag too
      redis.command("HSET", entriesKey, "s:victim", version + "|zz");
      assertThrows(CacheException.class, () -> cache.get("victim"));
      cache.put("victim", "repaired");
      assertEquals("repaired", cache.get("victim"));
    }
  }

  @Test
  void disallowedClassesAreRefusedOnWriteAndOnRead(RedisNode redis) {
    String namespace = Managers.freshNamespace();
    Properties open = new Properties();
    open.setProperty("strata.serialization.allow", "*");
    try (CacheManager strict = Managers.open(redis, namespace, new Properties());
        CacheManager permissive = Managers.open(redis, namespace, open)) {
      Cache<String, Object> strictCache = strict.createCache("classes", new MutableConfiguration<>());
      Cache<String, Object> permissiveCache = permissive.createCache("classes", new MutableConfiguration<>());
      CacheException onWrite = assertThrows(CacheException.class, () -> strictCache.put("s", new Secret("x")));
      assertTrue(onWrite.getMessage().contains(Secret.class.getName()), onWrite.getMessage());
      assertTrue(onWrite.getMessage().contains("strata.serialization.allow"), onWrite.getMessage());

      permissiveCache.put("s", new Secret("planted"));
      CacheException onRead = assertThrows(CacheException.class, () -> strictCache.get("s"));
      assertTrue(onRead.getMessage().contains(Secret.class.getName()), onRead.getMessage());
      assertTrue(onRead.getMessage().contains("'classes'"), onRead.getMessage());
      // JDK value types pass
      strictCache.put("list", List.of(1, 2, 3));
      assertEquals(List.of(1, 2, 3), strictCache.get("list"));
    }
  }

  @Test
  void declaredValueTypesAreAllowedWithoutConfiguration(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, Secret> cache = manager.createCache("declared",
          new MutableConfiguration<String, Secret>().setTypes(String.class, Secret.class));
      cache.put("k", new Secret("v"));
      assertEquals("v", cache.get("k").payload);
    }
  }

  @Test
  void unreachableRedisFailsFastNamingTheAddress() {
    int port = RedisLauncher.freePort(); // nothing listens there
    URI uri = URI.create("redis://127.0.0.1:" + port);
    Properties props = new Properties();
    props.setProperty("strata.redis.connect-timeout-ms", "1000");
    CacheManager manager = new StrataCachingProvider().getCacheManager(uri, getClass().getClassLoader(), props);
    long start = System.nanoTime();
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("unreachable", new MutableConfiguration<>()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertTrue(took.toSeconds() < 20, "failed after " + took);
    manager.close();
  }

  @Test
  void invalidSettingsNameTheSetting(RedisNode redis) {
    Properties props = new Properties();
    props.setProperty("strata.segments", "zero");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Managers.open(redis, Managers.freshNamespace(), props));
    assertTrue(e.getMessage().contains("strata.segments"), e.getMessage());
  }

  private static String findEntriesKeyHolding(RedisNode redis, String field) {
    @SuppressWarnings("unchecked")
    List<Object> keys = (List<Object>) redis.command("KEYS", "strata:*corrupt*:e");
    for (Object key : keys) {
      if (redis.command("HGET", key.toString(), field) != null) {
        return key.toString();
      }
    }
    throw new AssertionError("no entries hash holds " + field + " among " + keys + " " + Set.of());
  }
}
