package dev.strata.tck;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.near.NearCache;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.Test;

/**
 * Proves which of the two TCK executions this is: with the near-cache file set, a cache created
 * from a plain {@code MutableConfiguration} (as every TCK test does) has a near cache that serves
 * hits; without it, none. Without this check a second run could pass with the near cache silently off.
 */
public class NearCacheSwitchTest {

  @Test
  public void nearCacheIsOnExactlyWhenTheFileIsConfigured() {
    boolean expected = System.getProperty("strata.near-cache.config") != null;
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    String name = "near-cache-switch";
    manager.destroyCache(name);
    Cache<String, String> cache = manager.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    try {
      NearCache near = cache.unwrap(StrataCache.class).nearCache();
      if (!expected) {
        assertNull("no near-cache file, no near cache", near);
        return;
      }
      assertNotNull("the near-cache file switches the near cache on", near);
      cache.put("k", "v");
      long deadline = System.currentTimeMillis() + 5_000;
      while (near.metrics().hits() == 0 && System.currentTimeMillis() < deadline) {
        assertEquals("v", cache.get("k"));
      }
      assertTrue("reads are served from the near cache", near.metrics().hits() > 0);
    } finally {
      manager.destroyCache(name);
    }
  }
}
