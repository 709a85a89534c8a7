package dev.strata.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.management.MetricName.Scope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Names are read by their known prefix and suffixes, so cache names may hold dots, dashes and spaces. */
class MetricNameTest {

  private static MetricName parse(String prefix, String name) {
    Optional<MetricName> parsed = MetricName.parse(prefix, name);
    assertTrue(parsed.isPresent(), name);
    return parsed.get();
  }

  @Test
  void cacheNamesWithDotsKeepThemAll() {
    assertEquals(new MetricName("strata", Scope.CACHE, "com.example.User", "hits"),
        parse("strata", "strata.cache.com.example.User.hits"));
    assertEquals(new MetricName("strata", Scope.CACHE, "com.example.User", "get.near"),
        parse("strata", "strata.cache.com.example.User.get.near"));
    assertEquals(new MetricName("strata", Scope.CACHE, "a.get", "get.remote"),
        parse("strata", "strata.cache.a.get.get.remote"));
    assertEquals(new MetricName("strata", Scope.CACHE, "x.cache.y", "remove-all"),
        parse("strata", "strata.cache.x.cache.y.remove-all"));
    assertEquals(new MetricName("strata", Scope.NEAR, "my cache-1", "stale-installs-prevented"),
        parse("strata", "strata.near.my cache-1.stale-installs-prevented"));
  }

  @Test
  void managerAndNodeNames() {
    assertEquals(new MetricName("orders", Scope.REDIS, null, "commands.in-flight"),
        parse("orders", "orders.redis.commands.in-flight"));
    assertEquals(new MetricName("orders", Scope.NODE, "10.0.0.1:6379", "round-trip"),
        parse("orders", "orders.redis.node.10.0.0.1:6379.round-trip"));
  }

  @Test
  void namesOutsideTheContractAreNotRead() {
    assertFalse(MetricName.parse("strata", "strata.cache.users.get-nanos").isPresent(), "not in the contract");
    assertFalse(MetricName.parse("strata", "strata.cache.hits").isPresent(), "no cache name");
    assertFalse(MetricName.parse("strata", "strata.redis.unknown").isPresent());
    assertFalse(MetricName.parse("strata", "orders.cache.users.hits").isPresent(), "another manager's prefix");
    assertFalse(MetricName.parse("strata", "stratax.cache.users.hits").isPresent());
    assertTrue(MetricName.inStrataNamespace("strata", "strata.cache.users.get-nanos"));
    assertFalse(MetricName.inStrataNamespace("strata", "app.requests"));
  }
}
