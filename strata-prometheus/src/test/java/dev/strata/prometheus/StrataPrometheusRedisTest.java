package dev.strata.prometheus;

import static dev.strata.prometheus.Scrape.scrape;
import static dev.strata.prometheus.Scrape.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real Strata manager on a real Redis, scraped over HTTP: the series that exist today, by their values. */
@ExtendWith(RedisExtension.class)
class StrataPrometheusRedisTest {

  private static final String USER = "com.example.User";

  @Test
  void hitsMissesPutsAndTheNearCacheOfRealCaches(RedisNode redis) throws Exception {
    URI uri = URI.create(redis.uri() + "?namespace=prom-" + UUID.randomUUID().toString().substring(0, 8));
    try (CacheManager manager = new StrataCachingProvider().getCacheManager(uri, getClass().getClassLoader(),
        new Properties())) {
      StrataConfiguration<String, String> nearConfig = new StrataConfiguration<String, String>()
          .setNearCache(NearCacheSettings.builder().build());
      nearConfig.setTypes(String.class, String.class).setStatisticsEnabled(true);
      Cache<String, String> users = manager.createCache(USER, nearConfig);
      Cache<String, String> orders = manager.createCache("orders",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true));

      users.put("ann", "1");
      users.put("bob", "2");
      users.put("cid", "3");
      users.get("ann");
      users.get("bob");
      users.get("nobody");
      orders.put("o1", "x");
      orders.get("o1");
      orders.get("o2");
      orders.get("o3");

      MetricRegistry metrics = manager.unwrap(StrataCacheManager.class).metrics();
      PrometheusRegistry prometheus = new PrometheusRegistry();
      StrataPrometheus.register(metrics, prometheus);
      try (HTTPServer server = StrataPrometheus.serve(prometheus, "127.0.0.1", 0)) {
        Map<String, Double> s = scrape(server.getPort());

        assertEquals(2.0, s.get(series("strata_cache_hits_total", "manager", "strata", "cache", USER)), s.toString());
        assertEquals(1.0, s.get(series("strata_cache_misses_total", "manager", "strata", "cache", USER)));
        assertEquals(3.0, s.get(series("strata_cache_puts_total", "manager", "strata", "cache", USER)));
        assertEquals(1.0, s.get(series("strata_cache_hits_total", "manager", "strata", "cache", "orders")));
        assertEquals(2.0, s.get(series("strata_cache_misses_total", "manager", "strata", "cache", "orders")));
        assertEquals(1.0, s.get(series("strata_cache_puts_total", "manager", "strata", "cache", "orders")));

        // the near cache of the dotted cache: the same values the registry holds, under one label
        String near = "strata.near." + USER + ".";
        assertEquals((double) metrics.counter(near + "hits").getCount(),
            s.get(series("strata_near_hits_total", "manager", "strata", "cache", USER)));
        assertEquals((double) metrics.counter(near + "misses").getCount(),
            s.get(series("strata_near_misses_total", "manager", "strata", "cache", USER)));
        assertEquals(((Number) metrics.getGauges().get(near + "entries").getValue()).doubleValue(),
            s.get(series("strata_near_entries", "manager", "strata", "cache", USER)));
        assertTrue(s.containsKey(series("strata_near_bytes", "manager", "strata", "cache", USER)), s.toString());
        String state = metrics.getGauges().get(near + "state").getValue().toString().toLowerCase();
        assertEquals(1.0, s.get(series("strata_near_state", "manager", "strata", "cache", USER, "state", state)));
        assertEquals(StrataCollector.isServing(state) ? 1.0 : 0.0,
            s.get(series("strata_near_serving", "manager", "strata", "cache", USER)));
        assertTrue(s.keySet().stream().noneMatch(k -> k.contains("{") && k.contains("cache=\"orders\"")
            && k.startsWith("strata_near_")), "orders has no near cache");

        // the provider's own timers and Redis metrics, live
        assertEquals(3.0, s.get(series("strata_cache_operation_seconds_count", "manager", "strata", "cache", USER,
            "operation", "put")), s.toString());
        assertEquals(3.0, s.get(series("strata_cache_operation_seconds_count", "manager", "strata", "cache",
            "orders", "operation", "get-remote")));
        assertTrue(s.get(series("strata_cache_operation_seconds", "manager", "strata", "cache", "orders",
            "operation", "get-remote", "quantile", "0.99")) > 0, "a remote get's p99 is a real duration");
        assertEquals(0.0, s.get(series("strata_redis_commands_failed_total", "manager", "strata")));
        assertEquals(0.0, s.get(series("strata_redis_circuit_breaker_open", "manager", "strata")));
      }
    }
  }
}
