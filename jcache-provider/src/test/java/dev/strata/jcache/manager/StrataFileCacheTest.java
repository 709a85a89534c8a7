package dev.strata.jcache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.management.JmxRegistrar;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Caches of a manager named by a Strata file, on a real Redis: what the file gives, and what code keeps. */
@ExtendWith(RedisExtension.class)
class StrataFileCacheTest {

  @TempDir
  Path dir;

  private CacheManager manager(RedisNode redis, String caches) throws IOException {
    String namespace = Managers.freshNamespace();
    Path file = dir.resolve("strata.yaml");
    Files.writeString(file, "strata:\n  redis: " + redis.uri() + "\n  namespace: " + namespace + "\n  caches:\n"
        + caches, StandardCharsets.UTF_8);
    return new StrataCachingProvider().getCacheManager(file.toUri(), getClass().getClassLoader(), new Properties());
  }

  @Test
  void aPlainMutableConfigurationGetsExpiryAndStatisticsFromTheFile(RedisNode redis) throws Exception {
    try (CacheManager manager = manager(redis, """
            "short*":
              expiry: { created: 400ms }
              statistics: true
              management: true
        """)) {
      Cache<String, String> cache = manager.createCache("short-lived", new MutableConfiguration<String, String>());
      CompleteConfiguration<?, ?> config = cache.getConfiguration(CompleteConfiguration.class);
      ExpiryPolicy policy = config.getExpiryPolicyFactory().create();
      assertTrue(policy instanceof CreatedExpiryPolicy, policy.getClass().getName());
      assertEquals(400, policy.getExpiryForCreation().getTimeUnit().toMillis(
          policy.getExpiryForCreation().getDurationAmount()));
      assertTrue(config.isStatisticsEnabled());
      assertTrue(config.isManagementEnabled());
      for (JmxRegistrar.Kind kind : List.of(JmxRegistrar.Kind.STATISTICS, JmxRegistrar.Kind.CONFIGURATION)) {
        ObjectName bean = JmxRegistrar.objectName(kind, manager.getURI().toString(), "short-lived");
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(bean), bean + " registered");
      }

      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (cache.get("k") != null && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertNull(cache.get("k"), "the file's created expiry applies");

      Cache<String, String> other = manager.createCache("other", new MutableConfiguration<String, String>());
      assertTrue(other.getConfiguration(CompleteConfiguration.class).getExpiryPolicyFactory().create()
          instanceof EternalExpiryPolicy, "no pattern matches: JCache's defaults");
      assertFalse(other.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
    }
  }

  @Test
  void settingsMadeInCodeWin(RedisNode redis) throws Exception {
    try (CacheManager manager = manager(redis, """
            "*":
              expiry: { created: 1s }
              statistics: false
              near-cache: { max-entries: 100 }
        """)) {
      MutableConfiguration<String, String> code = new MutableConfiguration<String, String>()
          .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1)))
          .setStatisticsEnabled(true);
      Cache<String, String> cache = manager.createCache("coded", code);
      CompleteConfiguration<?, ?> config = cache.getConfiguration(CompleteConfiguration.class);
      assertTrue(config.getExpiryPolicyFactory().create() instanceof ModifiedExpiryPolicy);
      assertTrue(config.isStatisticsEnabled(), "statistics switched on in code stay on");

      NearCacheSettings mine = NearCacheSettings.builder().maxEntries(7).build();
      StrataConfiguration<String, String> strata = new StrataConfiguration<String, String>().setNearCache(mine);
      Cache<String, String> near = manager.createCache("near-coded", strata);
      @SuppressWarnings("unchecked")
      StrataConfiguration<String, String> reported = near.getConfiguration(StrataConfiguration.class);
      assertEquals(mine, reported.getNearCache(), "a StrataConfiguration's near cache wins over the file's");
      assertEquals(7, nearMaxEntries(near));

      Cache<String, String> fromFile = manager.createCache("near-file", new MutableConfiguration<String, String>());
      assertEquals(100, nearMaxEntries(fromFile));
    }
  }

  @Test
  void theStrataFilesNearCacheWinsOverTheNearCacheProperties(RedisNode redis) throws Exception {
    Path properties = dir.resolve("near.properties");
    Files.writeString(properties, "*.max-entries = 11\nonly-props.max-entries = 22\n");
    String namespace = Managers.freshNamespace();
    Path file = dir.resolve("strata.yaml");
    Files.writeString(file, "strata:\n  redis: " + redis.uri() + "\n  namespace: " + namespace
        + "\n  properties:\n    strata.near-cache.config: " + properties.toUri() + "\n  caches:\n"
        + "    \"both\": { near-cache: { max-entries: 33 } }\n");
    try (CacheManager manager = new StrataCachingProvider().getCacheManager(file.toUri(),
        getClass().getClassLoader(), new Properties())) {
      Cache<String, String> both = manager.createCache("both", new MutableConfiguration<String, String>());
      Cache<String, String> props = manager.createCache("only-props", new MutableConfiguration<String, String>());
      assertEquals(33, nearMaxEntries(both));
      assertEquals(22, nearMaxEntries(props));
    }
  }

  /** The near-cache bound a cache was built with; fails unless the cache has a near cache. */
  private static long nearMaxEntries(Cache<String, String> cache) {
    assertNotNull(cache.unwrap(StrataCache.class).nearCache(), "cache " + cache.getName() + " has a near cache");
    @SuppressWarnings("unchecked")
    StrataConfiguration<String, String> config = cache.getConfiguration(StrataConfiguration.class);
    return config.getNearCache().maxEntries();
  }

  @Test
  void theManagerKeepsTheUriItWasAskedForAndIsFoundAgainByIt(RedisNode redis) throws Exception {
    Path file = dir.resolve("strata.yaml");
    Files.writeString(file, "strata:\n  redis: " + redis.uri() + "\n");
    StrataCachingProvider provider = new StrataCachingProvider();
    try (CacheManager manager = provider.getCacheManager(file.toUri(), getClass().getClassLoader())) {
      assertEquals(file.toUri(), manager.getURI());
      assertSame(manager, provider.getCacheManager(URI.create(file.toUri().toString()), getClass().getClassLoader()));
    }
  }

  @Test
  void aBadFileFailsGetCacheManagerNamingFileSettingAndValue() throws IOException {
    Path file = dir.resolve("strata.yaml");
    Files.writeString(file, "strata:\n  caches:\n    \"users\":\n      expiry: { accessed: later }\n");
    CacheException e = assertThrows(CacheException.class, () -> new StrataCachingProvider()
        .getCacheManager(file.toUri(), getClass().getClassLoader()));
    assertTrue(e.getMessage().contains(file.toUri().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("strata.caches.\"users\".expiry.accessed"), e.getMessage());
    assertTrue(e.getMessage().contains("'later'"), e.getMessage());
    assertNotNull(e.getMessage());
  }
}
