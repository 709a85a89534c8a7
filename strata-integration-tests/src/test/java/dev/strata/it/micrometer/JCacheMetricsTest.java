package dev.strata.it.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.config.InvalidConfigurationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Micrometer's {@link JCacheMetrics} reads a cache's {@code CacheStatisticsMXBean} by an ObjectName it
 * builds itself ({@code javax.cache:type=CacheStatistics,CacheManager=<uri with ':' as '.'>,Cache=<name>}),
 * so it reports Strata's statistics only if Strata registers the bean under that very name.
 */
@ExtendWith(RedisExtension.class)
class JCacheMetricsTest {

  private static CacheManager manager;

  @BeforeAll
  static void open(RedisNode redis) {
    System.setProperty("redis.port", Integer.toString(redis.port()));
    // the manager as any JCache user gets it: by URI, statistics switched on by the file
    manager = Caching.getCachingProvider().getCacheManager(URI.create("classpath:metrics-strata.yaml"),
        JCacheMetricsTest.class.getClassLoader());
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static long mxBean(ObjectName name, String attribute) throws Exception {
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  @Test
  void reportsTheSameHitsMissesAndPutsAsTheStatisticsMXBean() throws Exception {
    Cache<String, String> orders = manager.createCache("orders",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    MeterRegistry registry = new SimpleMeterRegistry();
    JCacheMetrics.monitor(registry, orders);

    orders.put("a", "1");
    orders.put("b", "2");
    orders.put("c", "3");
    orders.get("a");
    orders.get("b");
    orders.get("missing");

    // the name Micrometer builds (JCacheMetrics does exactly this) must be the one Strata registered
    ObjectName micrometersName = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replace(':', '.') + ",Cache=orders");
    assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(micrometersName), micrometersName.toString());

    assertEquals(3, mxBean(micrometersName, "CachePuts"));
    assertEquals(2, mxBean(micrometersName, "CacheHits"));
    assertEquals(1, mxBean(micrometersName, "CacheMisses"));
    assertEquals(3.0, registry.get("cache.puts").tag("cache", "orders").functionCounter().count());
    assertEquals(2.0, registry.get("cache.gets").tag("cache", "orders").tag("result", "hit").functionCounter().count());
    assertEquals(1.0, registry.get("cache.gets").tag("cache", "orders").tag("result", "miss").functionCounter().count());
  }

  /**
   * {@code ,}, {@code =}, {@code :} and a line break cannot stand unquoted in an ObjectName value.
   * Strata replaces them with {@code .} (as the JSR-107 reference implementation does), so the cache
   * is still manageable; Micrometer puts the name in unquoted and refuses to bind such a cache,
   * whatever the provider does, so there is no name Strata could choose that Micrometer would find.
   * On every other name the two agree (the test above).
   */
  @Test
  void namesWithCommaEqualsOrColonAreRegisteredSanitizedAndMicrometerRefusesThem() throws Exception {
    for (String name : new String[] {"orders,eu", "orders=eu", "orders:eu", "orders\neu"}) {
      Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>());
      cache.put("k", "v");
      cache.get("k");
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<ObjectName> registered = server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=orders.eu,*"),
          null);
      assertEquals(1, registered.size(), name + " -> " + registered);
      ObjectName strataName = registered.iterator().next();
      assertEquals(manager.getURI().toString().replace(':', '.'), strataName.getKeyProperty("CacheManager"));
      assertEquals(1, mxBean(strataName, "CacheHits"));
      assertThrows(InvalidConfigurationException.class, () -> JCacheMetrics.monitor(new SimpleMeterRegistry(), cache),
          name);
      manager.destroyCache(name);
    }
  }
}
