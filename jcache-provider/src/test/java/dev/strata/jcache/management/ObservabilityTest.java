package dev.strata.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.SharedHealthCheckRegistries;
import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators see, through the public API on a real Redis: per-operation timers and counters
 * that never go backwards in a registry the user hands in, health checks that follow a frozen
 * Redis (SIGSTOP) and its recovery, in the registry and in JMX, and no password in any name or
 * message a manager exposes.
 */
@ExtendWith(RedisExtension.class)
class ObservabilityTest {

  private static final String PASSWORD = "s3cret-Pa55";

  /** A loader that knows every key starting with "db:". */
  public static final class DbLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return key.startsWith("db:") ? "loaded-" + key : null;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> out = new java.util.HashMap<>();
      keys.forEach(k -> out.put(k, load(k)));
      return out;
    }
  }

  @Test
  void everyOperationFamilyIsTimedInTheRegistryTheUserHandsIn(RedisNode redis) {
    MetricRegistry registry = new MetricRegistry();
    Properties properties = new Properties();
    properties.put("strata.metrics.registry", registry);
    properties.setProperty("strata.health.registry", "observability-test");
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), properties)) {
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      assertSame(registry, strata.metrics());
      assertSame(SharedHealthCheckRegistries.getOrCreate("observability-test"), strata.healthChecks());

      Cache<String, String> near = manager.createCache("near", NearCaches.defaults().setStatisticsEnabled(true));
      near.put("a", "1");
      for (int i = 0; i < 10; i++) {
        near.get("a"); // the writer keeps its own write: near hits
      }
      near.get("absent");
      Cache<String, String> users = manager.createCache("com.example.User", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class).setStatisticsEnabled(true).setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(DbLoader.class)));
      users.put("k", "v");
      users.putIfAbsent("k", "w");
      users.get("k");
      users.get("db:1");
      users.replace("k", "v2");
      users.replace("k", "v2", "v3");
      users.getAll(Set.of("k", "db:2"));
      users.putAll(Map.of("x", "1", "y", "2"));
      users.invoke("k", (entry, args) -> entry.getValue());
      users.remove("x");
      users.removeAll(Set.of("y"));

      String p = "strata.cache.com.example.User.";
      Map<String, Long> counts = new java.util.TreeMap<>();
      registry.getTimers().forEach((name, timer) -> counts.put(name, timer.getCount()));
      System.out.println("[metrics] timers after the workload: " + counts);
      assertEquals(2, timer(registry, p + "put").getCount(), "put and putIfAbsent");
      assertEquals(2, timer(registry, p + "get.remote").getCount());
      assertEquals(2, timer(registry, p + "replace").getCount());
      assertEquals(1, timer(registry, p + "get-all").getCount());
      assertEquals(1, timer(registry, p + "put-all").getCount());
      assertEquals(1, timer(registry, p + "invoke").getCount());
      assertEquals(1, timer(registry, p + "remove").getCount());
      assertEquals(1, timer(registry, p + "remove-all").getCount());
      assertTrue(timer(registry, p + "load").getCount() >= 2, "the loader's calls");
      assertEquals(0, timer(registry, p + "get.near").getCount(), "no near cache: every get is remote");
      // the near cache serves once its first check succeeded: gets before that go to Redis
      long nearGets = timer(registry, "strata.cache.near.get.near").getCount();
      long remoteGets = timer(registry, "strata.cache.near.get.remote").getCount();
      assertEquals(11, nearGets + remoteGets, "every get timed once: " + nearGets + " near, " + remoteGets + " remote");
      assertTrue(nearGets > 0 && remoteGets >= 1, "near hits and the miss told apart");
      double p99Micros = timer(registry, p + "put").getSnapshot().get99thPercentile() / 1_000;
      assertTrue(p99Micros > 1 && p99Micros < 10_000_000, "a put's p99 is a real duration: " + p99Micros + " us");

      // JCache's clear() resets what the MXBean shows, never the registry's counters
      long hits = registry.counter(p + "hits").getCount();
      assertTrue(hits >= 3, "hits " + hits);
      users.unwrap(dev.strata.jcache.cache.StrataCache.class).statistics().clear();
      assertEquals(hits, registry.counter(p + "hits").getCount());

      // the manager's Redis metrics
      assertEquals(0L, ((Gauge<?>) registry.getGauges().get("strata.redis.commands.in-flight")).getValue());
      assertEquals(0, registry.counter("strata.redis.commands.failed").getCount());
    }
    assertFalse(registry.getTimers().containsKey("strata.cache.com.example.User.put"), "closed: unregistered");
    assertTrue(SharedHealthCheckRegistries.getOrCreate("observability-test").getNames().isEmpty());
  }

  @Test
  void healthFollowsAFrozenRedisAndItsRecovery() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone()) {
      Properties properties = new Properties();
      properties.setProperty("strata.health.probe-interval-ms", "250");
      properties.setProperty("strata.near-cache.check-interval-ms", "200");
      try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), properties)) {
        StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
        Cache<String, String> cache = manager.createCache("c", NearCaches.defaults().setStatisticsEnabled(true));
        cache.put("k", "v");
        awaitTrue("healthy at start", 5_000, () -> allHealthy(strata));
        ObjectName jmx = new ObjectName("dev.strata:type=Health,CacheManager="
            + strata.displayUri().replaceAll("[,:=\n*?\"]", "."));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertEquals(Boolean.TRUE, server.getAttribute(jmx, "Healthy"));
        Gauge<?> connected = strata.metrics().getGauges().get("strata.redis.connected");
        assertEquals(1, connected.getValue());
        assertTrue(strata.metrics().getTimers().keySet().stream().anyMatch(n -> n.startsWith("strata.redis.node.")
            && n.endsWith(".round-trip")), "a round-trip timer per master");

        redis.pause();
        long frozenAt = System.nanoTime();
        long unhealthyAfter;
        try {
          awaitTrue("unhealthy while Redis is frozen", 10_000, () -> !strata.runHealthChecks().get("strata.redis")
              .isHealthy());
          unhealthyAfter = millisSince(frozenAt);
          assertEquals(Boolean.FALSE, server.getAttribute(jmx, "Healthy"));
          String[] report = (String[]) server.getAttribute(jmx, "Report");
          System.out.println("[health] frozen Redis, JMX report: " + String.join(" | ", report));
          assertEquals(0, connected.getValue());
        } finally {
          redis.resume();
        }
        long resumedAt = System.nanoTime();
        awaitTrue("healthy again after SIGCONT", 10_000, () -> allHealthy(strata));
        long healthyAfter = millisSince(resumedAt);
        System.out.printf("[health] Redis frozen: unhealthy after %d ms; resumed: healthy again after %d ms "
            + "(probe interval 250 ms)%n", unhealthyAfter, healthyAfter);
        assertTrue(unhealthyAfter < 5_000, "unhealthy within a few seconds: " + unhealthyAfter + " ms");
        assertEquals(1, connected.getValue());
      }
    }
  }

  @Test
  void aLowHitRatioMakesTheCacheUnhealthy(RedisNode redis) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("strata.health.probe-interval-ms", "100");
    properties.setProperty("strata.health.min-hit-ratio", "0.5");
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), properties)) {
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      Cache<String, String> cache = manager.createCache("misses", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class).setStatisticsEnabled(true));
      Thread.sleep(250); // a first sample of the counts
      for (int i = 0; i < 150; i++) {
        cache.get("nothing-" + i);
      }
      awaitTrue("the cache's check sees the misses", 5_000, () -> {
        HealthCheck.Result r = strata.runHealthChecks().get("strata.cache.misses");
        return r != null && !r.isHealthy();
      });
      String message = strata.runHealthChecks().get("strata.cache.misses").getMessage();
      System.out.println("[health] 150 misses: " + message);
      assertTrue(message.contains("hit ratio 0.000 below 0.500"), message);
    }
  }

  @Test
  void noPasswordInAnyNameOrMessage() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone()) {
      redis.command("CONFIG", "SET", "requirepass", PASSWORD);
      String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "?namespace=" + Managers.freshNamespace();
      List<String> exposed = new ArrayList<>();
      CacheManager manager = new dev.strata.jcache.spi.StrataCachingProvider().getCacheManager(
          java.net.URI.create(uri), getClass().getClassLoader(), new Properties());
      try {
        Cache<String, String> cache = manager.createCache("secrets", NearCaches.defaults().setStatisticsEnabled(true)
            .setManagementEnabled(true));
        cache.put("k", "v");
        cache.get("k");
        exposed.add(assertThrows(CacheException.class, () -> manager.createCache("secrets",
            new MutableConfiguration<>())).getMessage());
        exposed.add(assertThrows(IllegalArgumentException.class, () -> manager.unwrap(String.class)).getMessage());
        // a background load runs on a thread named after the manager
        cache.loadAll(Set.of("k"), false, null);
        Thread.getAllStackTraces().keySet().forEach(t -> exposed.add(t.getName()));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> beans = server.queryNames(null, null);
        beans.forEach(n -> exposed.add(n.toString()));
        assertTrue(beans.stream().anyMatch(n -> n.toString().startsWith("javax.cache:type=CacheStatistics")
            && n.toString().contains("Cache=secrets")), "the statistics bean is there");
        StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
        exposed.addAll(strata.metrics().getNames());
        strata.runHealthChecks().forEach((name, result) -> exposed.add(name + " " + result.getMessage()));
        exposed.add(strata.displayUri());
        exposed.add(String.valueOf(cache));
      } finally {
        manager.close();
      }
      exposed.add(assertThrows(IllegalStateException.class, () -> manager.getCache("secrets")).getMessage());
      exposed.add(assertThrows(IllegalArgumentException.class, () -> new dev.strata.jcache.spi.StrataCachingProvider()
          .getCacheManager(java.net.URI.create("redis://:" + PASSWORD + "@/nohost"), getClass().getClassLoader())
          .createCache("x", new MutableConfiguration<>())).getMessage());
      List<String> leaks = exposed.stream().filter(s -> s != null && s.contains(PASSWORD)).toList();
      System.out.printf("[secrets] %d names and messages checked, %d show the password%n", exposed.size(),
          leaks.size());
      assertEquals(List.of(), leaks);
      assertTrue(exposed.stream().anyMatch(s -> s != null && s.contains("***@127.0.0.1")), "shown redacted");
    }
  }

  private static Timer timer(MetricRegistry registry, String name) {
    Timer timer = registry.getTimers().get(name);
    assertTrue(timer != null, "timer " + name + " exists; timers: " + registry.getTimers().keySet());
    return timer;
  }

  private static boolean allHealthy(StrataCacheManager strata) {
    SortedMap<String, HealthCheck.Result> results = strata.runHealthChecks();
    return !results.isEmpty() && results.values().stream().allMatch(HealthCheck.Result::isHealthy);
  }

  private static void awaitTrue(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

}
