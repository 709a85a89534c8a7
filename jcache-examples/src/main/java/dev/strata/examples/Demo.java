package dev.strata.examples;

import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;

/**
 * A tour of Strata through plain {@code javax.cache} code: puts and gets, an atomic counter with
 * {@code invoke}, listeners, expiry with EXPIRED events from the sweeper, bulk operations and the
 * standard statistics MXBean. Run with no argument it starts its own redis-server on a free
 * loopback port; {@code --redis redis://host:port} (or a Redisson YAML file URI) uses yours.
 */
public final class Demo {

  private Demo() {
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String redis = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--redis") && i + 1 < args.length) {
        redis = args[++i];
      } else if (args[i].equals("--help")) {
        System.out.println("usage: java -jar strata-demo.jar [--redis redis://host:port | file:/path/redisson.yaml]");
        return;
      }
    }
    RedisNode node = null;
    if (redis == null) {
      node = RedisLauncher.startStandalone();
      redis = node.uri();
      System.out.printf("started redis-server %s at %s%n", node.version(), redis);
    }
    try {
      run(URI.create(redis));
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private static void run(URI uri) throws Exception {
    CachingProvider provider = Caching.getCachingProvider();
    Properties props = new Properties();
    props.setProperty("strata.namespace", "demo");
    CacheManager manager = provider.getCacheManager(uri, Demo.class.getClassLoader(), props);
    try {
      manager.destroyCache("greetings");
      manager.destroyCache("sessions");

      // 1. a plain cache with statistics
      Cache<String, String> greetings = manager.createCache("greetings",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true));
      AtomicInteger created = new AtomicInteger();
      greetings.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(new EventCounter(EventType.CREATED, created)), null, false, true));
      greetings.put("en", "Hello");
      greetings.put("fr", "Bonjour");
      System.out.printf("get(en) = %s, putIfAbsent(en) = %s, CREATED events = %d%n", greetings.get("en"),
          greetings.putIfAbsent("en", "Hi"), created.get());

      // 2. an atomic counter: invoke is atomic per key across JVMs
      Cache<String, Long> counters = manager.createCache("counters",
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
      counters.remove("visits");
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 250; i++) {
            counters.invoke("visits", (entry, a) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
              return null;
            });
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      System.out.printf("4 threads x 250 invoke increments -> visits = %d%n", counters.get("visits"));

      // 3. expiry: entries vanish after 1 s and the sweeper reports them
      AtomicInteger expired = new AtomicInteger();
      Cache<String, String> sessions = manager.createCache("sessions",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 1))));
      sessions.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(new EventCounter(EventType.EXPIRED, expired)), null, true, false));
      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < 100; i++) {
        batch.put("session-" + i, "user-" + i);
      }
      sessions.putAll(batch);
      System.out.printf("putAll(100) then getAll(100) -> %d entries%n", sessions.getAll(batch.keySet()).size());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (expired.get() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      System.out.printf("after expiry: EXPIRED events = %d, get(session-1) = %s%n", expired.get(),
          sessions.get("session-1"));

      // 4. timing of single operations against this Redis
      int n = 5_000;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        greetings.put("k" + (i % 100), "v" + i);
      }
      long putNanos = System.nanoTime() - start;
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        greetings.get("k" + (i % 100));
      }
      long getNanos = System.nanoTime() - start;
      System.out.printf("%d puts: %.1f us each; %d gets: %.1f us each (one round trip per operation)%n", n,
          putNanos / 1000.0 / n, n, getNanos / 1000.0 / n);

      // 5. the standard statistics MXBean
      ObjectName stats = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + manager.unwrap(dev.strata.jcache.manager.StrataCacheManager.class).displayUri()
              .replaceAll("[,:=\n*?\"]", ".") + ",Cache=greetings");
      System.out.printf("JMX %s: hits=%s misses=%s puts=%s averageGetTime=%.1f us%n", stats,
          ManagementFactory.getPlatformMBeanServer().getAttribute(stats, "CacheHits"),
          ManagementFactory.getPlatformMBeanServer().getAttribute(stats, "CacheMisses"),
          ManagementFactory.getPlatformMBeanServer().getAttribute(stats, "CachePuts"),
          (Float) ManagementFactory.getPlatformMBeanServer().getAttribute(stats, "AverageGetTime"));

      // 6. what operators see: timers with percentiles, hit ratio, Redis round trip, health checks
      metricsSnapshot(manager.unwrap(dev.strata.jcache.manager.StrataCacheManager.class));

      for (String name : new String[] {"greetings", "counters", "sessions"}) {
        manager.destroyCache(name);
      }
    } finally {
      manager.close();
    }
  }

  /** Prints the manager's metrics and health (docs/operations.md lists every name). */
  private static void metricsSnapshot(dev.strata.jcache.manager.StrataCacheManager strata) {
    com.codahale.metrics.MetricRegistry metrics = strata.metrics();
    System.out.println("metrics (Dropwizard registry; docs/operations.md):");
    metrics.getTimers().forEach((name, timer) -> {
      if (timer.getCount() > 0) {
        com.codahale.metrics.Snapshot s = timer.getSnapshot();
        System.out.printf("  %-44s count %6d  p50 %8.1f us  p95 %8.1f us  p99 %8.1f us%n", name, timer.getCount(),
            s.getMedian() / 1e3, s.get95thPercentile() / 1e3, s.get99thPercentile() / 1e3);
      }
    });
    long hits = metrics.counter("strata.cache.greetings.hits").getCount();
    long misses = metrics.counter("strata.cache.greetings.misses").getCount();
    System.out.printf("  greetings hit ratio %.3f (%d hits, %d misses); Redis connected: %s%n",
        hits + misses == 0 ? 0.0 : (double) hits / (hits + misses), hits, misses,
        metrics.getGauges().get("strata.redis.connected").getValue());
    System.out.println("health checks:");
    strata.runHealthChecks().forEach((name, result) -> System.out.printf("  %-28s %s - %s%n", name,
        result.isHealthy() ? "HEALTHY" : "UNHEALTHY", result.getMessage()));
  }

  /** Counts the events of one type. */
  public static final class EventCounter implements CacheEntryCreatedListener<String, String>,
      CacheEntryExpiredListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final EventType type;
    private final transient AtomicInteger count;

    EventCounter(EventType type, AtomicInteger count) {
      this.type = type;
      this.count = count;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      count(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      count(events);
    }

    private void count(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> {
        if (e.getEventType() == type) {
          count.incrementAndGet();
        }
      });
    }
  }
}
