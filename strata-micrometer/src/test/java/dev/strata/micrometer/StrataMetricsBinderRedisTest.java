package dev.strata.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.codahale.metrics.MetricRegistry;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The binder on a real Strata manager and Redis, bound before any cache exists. */
@ExtendWith(RedisExtension.class)
class StrataMetricsBinderRedisTest {

  private static final String USER = "com.example.User";

  @Test
  void cachesCreatedAfterBindingReportTheirStatistics(RedisNode redis) {
    URI uri = URI.create(redis.uri() + "?namespace=mm-" + UUID.randomUUID().toString().substring(0, 8));
    try (CacheManager manager = new StrataCachingProvider().getCacheManager(uri, getClass().getClassLoader(),
        new Properties())) {
      MetricRegistry metrics = manager.unwrap(StrataCacheManager.class).metrics();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new StrataMetricsBinder(metrics).bindTo(registry);

      StrataConfiguration<String, String> nearConfig = new StrataConfiguration<String, String>()
          .setNearCache(NearCacheSettings.builder().build());
      nearConfig.setTypes(String.class, String.class).setStatisticsEnabled(true);
      Cache<String, String> users = manager.createCache(USER, nearConfig);
      Cache<String, String> orders = manager.createCache("orders",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true));
      users.put("ann", "1");
      users.put("bob", "2");
      users.get("ann");
      users.get("nobody");
      users.get("nobody-else");
      orders.put("o1", "x");
      orders.get("o1");

      assertEquals(1.0, registry.get("strata.cache.gets").tags("cache", USER, "result", "hit")
          .functionCounter().count());
      assertEquals(2.0, registry.get("strata.cache.gets").tags("cache", USER, "result", "miss")
          .functionCounter().count());
      assertEquals(2.0, registry.get("strata.cache.puts").tags("manager", "strata", "cache", USER)
          .functionCounter().count());
      assertEquals(1.0, registry.get("strata.cache.gets").tags("cache", "orders", "result", "hit")
          .functionCounter().count());
      assertEquals(1.0, registry.get("strata.cache.puts").tag("cache", "orders").functionCounter().count());

      String near = "strata.near." + USER + ".";
      assertEquals((double) metrics.counter(near + "hits").getCount(),
          registry.get("strata.near.gets").tags("cache", USER, "result", "hit").functionCounter().count());
      assertEquals(((Number) metrics.getGauges().get(near + "entries").getValue()).doubleValue(),
          registry.get("strata.near.entries").tag("cache", USER).gauge().value());
      assertNotNull(registry.get("strata.near.serving").tag("cache", USER).gauge());
      assertEquals(StrataMetricsBinder.isServing(metrics.getGauges().get(near + "state").getValue()) ? 1.0 : 0.0,
          registry.get("strata.near.serving").tag("cache", USER).gauge().value());
    }
  }
}
