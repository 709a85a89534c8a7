package dev.strata.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The binder against the contract's names, including the Timers and {@code redis} metrics the provider
 * does not register yet (registered here under the contract's names, with exact quantiles).
 */
class StrataMetricsBinderTest {

  private static final String USER = "com.example.User";

  private static void timer(MetricRegistry registry, String name, long millis, int times) {
    Timer timer = registry.register(name, new Timer(new SlidingWindowReservoir(1024)));
    for (int i = 0; i < times; i++) {
      timer.update(millis, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void countersGaugesAndTimersBecomeMetersTaggedByCacheNodeAndManager() {
    MetricRegistry metrics = new MetricRegistry();
    metrics.counter("strata.cache." + USER + ".hits").inc(7);
    metrics.counter("strata.cache." + USER + ".misses").inc(3);
    metrics.counter("strata.cache." + USER + ".puts").inc(5);
    metrics.counter("strata.cache." + USER + ".errors").inc(2);
    timer(metrics, "strata.cache." + USER + ".get.remote", 4, 6);
    timer(metrics, "strata.cache." + USER + ".put", 250, 2);
    metrics.counter("strata.near." + USER + ".hits").inc(20);
    metrics.counter("strata.near." + USER + ".invalidations-received").inc(8);
    metrics.register("strata.near." + USER + ".entries", (Gauge<Long>) () -> 42L);
    metrics.register("strata.near." + USER + ".bytes", (Gauge<Long>) () -> 4096L);
    metrics.register("strata.near." + USER + ".state", (Gauge<String>) () -> "bypassed");
    metrics.register("strata.redis.connected", (Gauge<Integer>) () -> 1);
    metrics.register("strata.redis.commands.in-flight", (Gauge<Long>) () -> 3L);
    metrics.counter("strata.redis.reconnects").inc(4);
    timer(metrics, "strata.redis.node.127.0.0.1:6379.round-trip", 2, 5);
    metrics.counter("orders.cache.users.hits").inc(13);
    metrics.counter("strata.cache.users.get-nanos").inc(99);
    metrics.counter("app.requests").inc(1);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (StrataMetricsBinder binder = new StrataMetricsBinder(metrics, "strata", "orders")) {
      binder.bindTo(registry);

      assertEquals(7.0, registry.get("strata.cache.gets").tags("manager", "strata", "cache", USER, "result", "hit")
          .functionCounter().count());
      assertEquals(3.0, registry.get("strata.cache.gets").tags("cache", USER, "result", "miss")
          .functionCounter().count());
      assertEquals(5.0, registry.get("strata.cache.puts").tag("cache", USER).functionCounter().count());
      assertEquals(2.0, registry.get("strata.cache.errors").tag("cache", USER).functionCounter().count());
      assertEquals(13.0, registry.get("strata.cache.gets").tags("manager", "orders", "cache", "users", "result", "hit")
          .functionCounter().count());

      assertEquals(6.0, registry.get("strata.cache.operation.count").tags("cache", USER, "operation", "get-remote")
          .functionCounter().count());
      assertEquals(4.0, registry.get("strata.cache.operation.percentile")
          .tags("cache", USER, "operation", "get-remote", "phi", "0.99").timeGauge().value(TimeUnit.MILLISECONDS), 1e-9);
      assertEquals(250.0, registry.get("strata.cache.operation.mean").tags("cache", USER, "operation", "put")
          .timeGauge().value(TimeUnit.MILLISECONDS), 1e-9);
      assertEquals(2.0, registry.get("strata.redis.round-trip.percentile")
          .tags("node", "127.0.0.1:6379", "phi", "0.5").timeGauge().value(TimeUnit.MILLISECONDS), 1e-9);

      assertEquals(20.0, registry.get("strata.near.gets").tags("cache", USER, "result", "hit").functionCounter().count());
      assertEquals(8.0, registry.get("strata.near.invalidations-received").tag("cache", USER)
          .functionCounter().count());
      assertEquals(42.0, registry.get("strata.near.entries").tag("cache", USER).gauge().value());
      assertEquals("bytes", registry.get("strata.near.bytes").tag("cache", USER).gauge().getId().getBaseUnit());
      assertEquals(0.0, registry.get("strata.near.serving").tag("cache", USER).gauge().value());
      assertEquals(1.0, registry.get("strata.redis.connected").tag("manager", "strata").gauge().value());
      assertEquals(3.0, registry.get("strata.redis.commands.in-flight").gauge().value());
      assertEquals(4.0, registry.get("strata.redis.reconnects").functionCounter().count());

      // the meters read the Dropwizard metrics when asked, so later increments show
      metrics.counter("strata.cache." + USER + ".hits").inc();
      assertEquals(8.0, registry.get("strata.cache.gets").tags("cache", USER, "result", "hit")
          .functionCounter().count());
      // names outside the contract are not bound
      assertTrue(registry.getMeters().stream().allMatch(m -> m.getId().getName().startsWith("strata.")));
      assertTrue(registry.getMeters().stream().noneMatch(m -> m.getId().getName().contains("nanos")));
    }
  }

  @Test
  void metricsRegisteredAfterBindingAreBoundAndRemovedOnesUnbound() {
    MetricRegistry metrics = new MetricRegistry();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StrataMetricsBinder binder = new StrataMetricsBinder(metrics);
    binder.bindTo(registry);
    assertTrue(registry.getMeters().isEmpty());

    metrics.counter("strata.cache.later.cache.puts").inc(2);
    timer(metrics, "strata.cache.later.cache.load", 9, 1);
    assertEquals(2.0, registry.get("strata.cache.puts").tag("cache", "later.cache").functionCounter().count());
    assertEquals(1.0, registry.get("strata.cache.operation.count").tags("cache", "later.cache", "operation", "load")
        .functionCounter().count());

    metrics.removeMatching((name, m) -> name.startsWith("strata.cache.later.cache."));
    assertNull(registry.find("strata.cache.puts").tag("cache", "later.cache").meter());
    assertNull(registry.find("strata.cache.operation.count").tag("cache", "later.cache").meter());

    binder.close();
    metrics.counter("strata.cache.after-close.puts").inc();
    assertNull(registry.find("strata.cache.puts").tag("cache", "after-close").meter(), "not followed after close");
  }
}
