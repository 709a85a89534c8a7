package dev.strata.jcache.near;

import static dev.strata.jcache.support.NearCaches.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheFile;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The three ways to configure a near cache, and what happens when a setting is wrong. */
@ExtendWith(RedisExtension.class)
class NearCacheConfigurationTest {

  @TempDir
  Path dir;

  @Test
  void fileGivesPlainMutableConfigurationsANearCacheByPattern(RedisNode redis) throws Exception {
    Path file = write("""
        *.enabled = true
        *.max-entries = 500
        session*.max-age = 30s
        session-admin.format = object
        reports.enabled = false
        """);
    Properties props = new Properties();
    props.setProperty("strata.near-cache.config", file.toString());
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), props)) {
      MutableConfiguration<String, String> plain = new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class);
      Cache<String, String> users = manager.createCache("users", plain);
      Cache<String, String> reports = manager.createCache("reports", plain);
      manager.createCache("session-admin", plain);
      assertNotNull(near(users), "* switches every cache on");
      assertNull(near(reports), "an exact name wins over *");
      users.put("k", "v");
      NearCaches.warm(users, "k", "v");

      NearCacheFile parsed = NearCacheFile.load(file.toString(), getClass().getClassLoader());
      NearCacheSettings admin = parsed.settingsFor("session-admin");
      assertEquals(500, admin.maxEntries());
      assertEquals(Duration.ofSeconds(30), admin.maxAge());
      assertEquals(NearCacheSettings.Format.OBJECT, admin.format());
      assertEquals(NearCacheSettings.Format.BYTES, parsed.settingsFor("session-x").format());
    }
  }

  @Test
  void strataConfigurationWinsOverTheFileAndIsReportedBack(RedisNode redis) throws Exception {
    Path file = write("*.enabled = true\n");
    Properties props = new Properties();
    props.setProperty("strata.near-cache.config", file.toString());
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), props)) {
      NearCacheSettings settings = NearCacheSettings.builder().maxBytes(1 << 20).maxAge(Duration.ofSeconds(5)).build();
      Cache<String, String> cache = manager.createCache("explicit", NearCaches.config(settings));
      @SuppressWarnings("unchecked")
      StrataConfiguration<String, String> reported = cache.getConfiguration(StrataConfiguration.class);
      assertEquals(settings, reported.getNearCache());
      Cache<String, String> off = manager.createCache("off", NearCaches.config(NearCacheSettings.disabled()));
      assertNull(near(off));
    }
  }

  @Test
  void invalidSettingsFailCreateCacheNamingTheSetting(RedisNode redis) throws Exception {
    assertFailsNaming(redis, "*.max-entries = -5\n", "*.max-entries");
    assertFailsNaming(redis, "*.max-size = 5\n", "*.max-size");
    assertFailsNaming(redis, "users.max-age = soon\n", "users.max-age");
    assertFailsNaming(redis, "users.max-entries = 5\nusers.max-bytes = 5MB\n", "max-bytes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NearCacheSettings.builder().maxAge(Duration.ZERO));
    assertTrue(e.getMessage().contains("max-age"), e.getMessage());
  }

  @Test
  void nearCacheBeanLivesOutsideTheJavaxCacheDomain(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("watched", NearCaches.config());
      cache.put("k", "v");
      NearCaches.warm(cache, "k", "v");
      var server = ManagementFactory.getPlatformMBeanServer();
      var names = server.queryNames(new ObjectName("dev.strata:type=NearCache,Cache=watched,*"), null);
      assertEquals(1, names.size());
      ObjectName name = names.iterator().next();
      assertTrue((Long) server.getAttribute(name, "Hits") >= 1);
      assertEquals("CONNECTED", server.getAttribute(name, "State"));
      assertTrue(server.queryNames(new ObjectName("javax.cache:type=NearCache,*"), null).isEmpty());
      assertTrue(manager.unwrap(dev.strata.jcache.manager.StrataCacheManager.class).metrics().getNames()
          .contains("strata.near.watched.hits"));
      cache.close();
      assertTrue(server.queryNames(new ObjectName("dev.strata:type=NearCache,Cache=watched,*"), null).isEmpty());
    }
  }

  private void assertFailsNaming(RedisNode redis, String content, String setting) throws IOException {
    Path file = write(content);
    Properties props = new Properties();
    props.setProperty("strata.near-cache.config", file.toString());
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), props)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> manager.createCache("users", new MutableConfiguration<String, String>()));
      assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
  }

  private Path write(String content) throws IOException {
    Path file = Files.createTempFile(dir, "near", ".properties");
    Files.writeString(file, content);
    return file;
  }
}
