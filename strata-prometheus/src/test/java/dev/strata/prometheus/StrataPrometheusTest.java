package dev.strata.prometheus;

import static dev.strata.prometheus.Scrape.scrape;
import static dev.strata.prometheus.Scrape.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every kind of series of the contract, scraped over HTTP. The Timers and {@code redis} metrics are
 * registered here under the contract's names (the provider registers only part of them so far), with
 * reservoirs whose quantiles are exact, so the scraped values can be checked to the digit.
 */
class StrataPrometheusTest {

  private static final String USER = "com.example.User";

  private static Timer timer(MetricRegistry registry, String name, long millis, int times) {
    // all samples equal: every quantile is exactly that value
    Timer timer = registry.register(name, new Timer(new SlidingWindowReservoir(1024)));
    for (int i = 0; i < times; i++) {
      timer.update(millis, TimeUnit.MILLISECONDS);
    }
    return timer;
  }

  private static MetricRegistry contractMetrics() {
    MetricRegistry registry = new MetricRegistry();
    registry.counter("strata.cache." + USER + ".hits").inc(7);
    registry.counter("strata.cache." + USER + ".misses").inc(3);
    registry.counter("strata.cache." + USER + ".puts").inc(5);
    registry.counter("strata.cache." + USER + ".errors").inc(2);
    registry.counter("strata.cache.users.hits").inc(11);
    timer(registry, "strata.cache." + USER + ".get.near", 1, 20);
    timer(registry, "strata.cache." + USER + ".get.remote", 4, 6);
    timer(registry, "strata.cache." + USER + ".put-all", 250, 2);
    timer(registry, "strata.cache.users.put", 3, 9);
    registry.counter("strata.near." + USER + ".hits").inc(20);
    registry.counter("strata.near." + USER + ".bypassed-reads").inc(4);
    registry.register("strata.near." + USER + ".entries", (Gauge<Long>) () -> 42L);
    registry.register("strata.near." + USER + ".state", (Gauge<String>) () -> "serving");
    registry.register("strata.near.users.state", (Gauge<String>) () -> "bypassed");
    registry.register("strata.redis.connected", (Gauge<Integer>) () -> 1);
    registry.register("strata.redis.commands.in-flight", (Gauge<Long>) () -> 3L);
    registry.counter("strata.redis.commands.failed").inc(6);
    registry.counter("strata.redis.failover-errors").inc(1);
    timer(registry, "strata.redis.node.127.0.0.1:6379.round-trip", 2, 5);
    // a second manager in the same registry, with its own prefix
    registry.counter("orders.cache.users.hits").inc(13);
    registry.register("orders.redis.connected", (Gauge<Integer>) () -> 0);
    // outside the contract: a Strata counter the contract does not list, and the application's own
    registry.counter("strata.cache.users.get-nanos").inc(99);
    registry.counter("app.requests").inc(17);
    return registry;
  }

  @Test
  void scrapedSeriesCarryTheCacheNodeAndManagerAsLabels() throws Exception {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    StrataPrometheus.register(contractMetrics(), prometheus, "strata", "orders");
    try (HTTPServer server = StrataPrometheus.serve(prometheus, "127.0.0.1", 0)) {
      Map<String, Double> s = scrape(server.getPort());

      assertEquals(7.0, s.get(series("strata_cache_hits_total", "manager", "strata", "cache", USER)), s.toString());
      assertEquals(3.0, s.get(series("strata_cache_misses_total", "manager", "strata", "cache", USER)));
      assertEquals(5.0, s.get(series("strata_cache_puts_total", "manager", "strata", "cache", USER)));
      assertEquals(2.0, s.get(series("strata_cache_errors_total", "manager", "strata", "cache", USER)));
      assertEquals(11.0, s.get(series("strata_cache_hits_total", "manager", "strata", "cache", "users")));
      assertEquals(13.0, s.get(series("strata_cache_hits_total", "manager", "orders", "cache", "users")));

      assertEquals(20.0, s.get(series("strata_cache_operation_seconds_count",
          "manager", "strata", "cache", USER, "operation", "get-near")));
      assertEquals(0.001, s.get(series("strata_cache_operation_seconds",
          "manager", "strata", "cache", USER, "operation", "get-near", "quantile", "0.99")), 1e-12);
      assertEquals(0.004, s.get(series("strata_cache_operation_seconds",
          "manager", "strata", "cache", USER, "operation", "get-remote", "quantile", "0.5")), 1e-12);
      assertEquals(2.0, s.get(series("strata_cache_operation_seconds_count",
          "manager", "strata", "cache", USER, "operation", "put-all")));
      assertEquals(0.25, s.get(series("strata_cache_operation_seconds",
          "manager", "strata", "cache", USER, "operation", "put-all", "quantile", "0.95")), 1e-12);
      assertEquals(9.0, s.get(series("strata_cache_operation_seconds_count",
          "manager", "strata", "cache", "users", "operation", "put")));

      assertEquals(20.0, s.get(series("strata_near_hits_total", "manager", "strata", "cache", USER)));
      assertEquals(4.0, s.get(series("strata_near_bypassed_reads_total", "manager", "strata", "cache", USER)));
      assertEquals(42.0, s.get(series("strata_near_entries", "manager", "strata", "cache", USER)));
      assertEquals(1.0, s.get(series("strata_near_serving", "manager", "strata", "cache", USER)));
      assertEquals(0.0, s.get(series("strata_near_serving", "manager", "strata", "cache", "users")));
      assertEquals(1.0, s.get(series("strata_near_state", "manager", "strata", "cache", "users", "state", "bypassed")));

      assertEquals(1.0, s.get(series("strata_redis_connected", "manager", "strata")));
      assertEquals(0.0, s.get(series("strata_redis_connected", "manager", "orders")));
      assertEquals(3.0, s.get(series("strata_redis_commands_in_flight", "manager", "strata")));
      assertEquals(6.0, s.get(series("strata_redis_commands_failed_total", "manager", "strata")));
      assertEquals(1.0, s.get(series("strata_redis_failover_errors_total", "manager", "strata")));
      assertEquals(5.0, s.get(series("strata_redis_round_trip_seconds_count", "manager", "strata",
          "node", "127.0.0.1:6379")));
      assertEquals(0.002, s.get(series("strata_redis_round_trip_seconds", "manager", "strata",
          "node", "127.0.0.1:6379", "quantile", "0.99")), 1e-12);

      // nothing outside the contract, and no cache name inside a series name
      assertTrue(s.keySet().stream().allMatch(k -> k.startsWith("strata_")), s.keySet().toString());
      assertTrue(s.keySet().stream().noneMatch(k -> k.contains("nanos") || k.contains("example_User")),
          s.keySet().toString());
    }
  }

  @Test
  void registerWithOthersExportsTheApplicationsMetricsByTheOfficialExporter() throws Exception {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    StrataPrometheus.registerWithOthers(contractMetrics(), prometheus, "strata", "orders");
    try (HTTPServer server = StrataPrometheus.serve(prometheus, "127.0.0.1", 0)) {
      Map<String, Double> s = scrape(server.getPort());
      assertEquals(17.0, s.get("app_requests_total"), s.keySet().toString());
      assertEquals(7.0, s.get(series("strata_cache_hits_total", "manager", "strata", "cache", USER)));
      assertFalse(s.keySet().stream().anyMatch(k -> k.contains("nanos")), s.keySet().toString());
    }
  }

  @Test
  void anEmptyRegistryScrapesToNothingAndCachesAppearWhenCreated() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    PrometheusRegistry prometheus = new PrometheusRegistry();
    StrataPrometheus.register(registry, prometheus);
    try (HTTPServer server = StrataPrometheus.serve(prometheus, "127.0.0.1", 0)) {
      assertTrue(scrape(server.getPort()).isEmpty());
      registry.counter("strata.cache.later.puts").inc();
      assertEquals(1.0, scrape(server.getPort()).get(series("strata_cache_puts_total",
          "manager", "strata", "cache", "later")));
    }
  }
}
