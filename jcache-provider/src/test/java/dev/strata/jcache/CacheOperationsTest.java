package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core cache operations against a real Redis, and how namespaces separate or share caches. */
@ExtendWith(RedisExtension.class)
class CacheOperationsTest {

  private RedisNode redis;
  private CacheManager manager;
  private Cache<String, Long> cache;

  @BeforeEach
  void setUp(RedisNode redis) {
    this.redis = redis;
    manager = Managers.open(redis);
    cache = manager.createCache("numbers", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void singleKeyOperationsFollowMapSemantics() {
    assertNull(cache.get("a"));
    cache.put("a", 1L);
    assertEquals(1L, cache.get("a"));
    assertFalse(cache.putIfAbsent("a", 2L));
    assertTrue(cache.putIfAbsent("b", 2L));
    assertEquals(1L, cache.getAndPut("a", 10L));
    assertTrue(cache.replace("a", 10L, 11L));
    assertFalse(cache.replace("a", 10L, 12L));
    assertEquals(11L, cache.getAndReplace("a", 12L));
    assertFalse(cache.replace("missing", 1L));
    assertFalse(cache.remove("a", 99L));
    assertTrue(cache.remove("a", 12L));
    assertFalse(cache.containsKey("a"));
    assertEquals(2L, cache.getAndRemove("b"));
    assertFalse(cache.remove("b"));
  }

  @Test
  void bulkOperationsAndIterationSeeEveryEntry() {
    Map<String, Long> data = new HashMap<>();
    for (long i = 0; i < 250; i++) {
      data.put("k" + i, i);
    }
    cache.putAll(data);
    assertEquals(data, cache.getAll(data.keySet()));
    Map<String, Long> iterated = new HashMap<>();
    for (Cache.Entry<String, Long> e : cache) {
      iterated.put(e.getKey(), e.getValue());
    }
    assertEquals(data, iterated);
    cache.removeAll(Set.of("k1", "k2", "k3"));
    assertEquals(247, cache.getAll(data.keySet()).size());
    cache.clear();
    assertTrue(cache.getAll(data.keySet()).isEmpty());
  }

  @Test
  void iteratorRemoveRemovesFromRedis() {
    cache.putAll(Map.of("x", 1L, "y", 2L));
    var it = cache.iterator();
    Set<String> removed = new HashSet<>();
    while (it.hasNext()) {
      removed.add(it.next().getKey());
      it.remove();
    }
    assertEquals(Set.of("x", "y"), removed);
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void managersInOneNamespaceShareDataAndOthersDoNot() {
    String namespace = Managers.freshNamespace();
    try (CacheManager a = Managers.open(redis, namespace, new Properties());
        CacheManager b = Managers.open(redis, namespace, new Properties());
        CacheManager other = Managers.open(redis)) {
      MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class);
      Cache<String, String> inA = a.createCache("shared", config);
      Cache<String, String> inB = b.createCache("shared", config);
      Cache<String, String> inOther = other.createCache("shared", config);
      inA.put("k", "from a");
      assertEquals("from a", inB.get("k"));
      assertNull(inOther.get("k"));
      b.destroyCache("shared");
      assertNull(inA.get("k"));
    }
  }

  @Test
  void keysAreReadableAndLiveOnlyUnderTheCachePrefix() {
    cache.put("readable", 42L);
    @SuppressWarnings("unchecked")
    List<Object> keys = (List<Object>) redis.command("KEYS", "strata:*numbers*");
    assertFalse(keys.isEmpty());
    boolean found = false;
    for (Object key : keys) {
      String k = key.toString();
      // entries hash, expiry index, and recorded replies of recent writes (they expire by themselves)
      assertTrue(k.matches("strata:\\{t-[0-9a-f]{8}:numbers:\\d+}:(e|x|r:[0-9a-z.]+)"), k);
      if (k.endsWith(":e") && redis.command("HGET", k, "s:readable") != null) {
        assertTrue(redis.command("HGET", k, "s:readable").toString().endsWith("|l:42"));
        found = true;
      }
    }
    assertTrue(found, "the entry is stored as readable text");
  }
}
