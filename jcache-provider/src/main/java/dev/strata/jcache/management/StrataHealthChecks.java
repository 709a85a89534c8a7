package dev.strata.jcache.management;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import dev.strata.jcache.configuration.ObservabilitySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The health checks of one cache manager, registered in its {@link HealthCheckRegistry} (names in
 * docs/operations.md) and shown in JMX by {@link #bean()}:
 * <ul>
 *   <li>{@code <prefix>.redis}: every master answered the last PING, within
 *       {@code strata.health.redis-latency-ms}, and that PING is recent;
 *   <li>{@code <prefix>.near-caches}: the near caches have not been stuck in bypass for longer than
 *       three probe intervals;
 *   <li>{@code <prefix>.cache.<name>}: the hit ratio over the last minute is at least
 *       {@code strata.health.min-hit-ratio} (judged from 100 gets on) and the p99 of gets and puts
 *       at most {@code strata.health.max-p99-ms}.
 * </ul>
 * Each check answers from {@link RedisProbe}'s last sample, so it never waits for Redis.
 */
public final class StrataHealthChecks {

  private static final long MIN_GETS = 100;

  private final HealthCheckRegistry registry;
  private final String prefix;
  private final ObservabilitySettings settings;
  private final Map<String, CacheStatistics> caches = new ConcurrentHashMap<>();
  private volatile RedisProbe probe;

  /** Registers the manager-wide checks in {@code registry}. */
  public StrataHealthChecks(HealthCheckRegistry registry, ObservabilitySettings settings) {
    this.registry = registry;
    this.settings = settings;
    this.prefix = settings.metricsPrefix() + ".";
    replace(prefix + "redis", new HealthCheck() {
      @Override
      protected Result check() {
        return redis();
      }
    });
    replace(prefix + "near-caches", new HealthCheck() {
      @Override
      protected Result check() {
        return nearCaches();
      }
    });
  }

  private void replace(String name, HealthCheck check) {
    registry.unregister(name);
    registry.register(name, check);
  }

  /** Adds the check {@code <prefix>.circuit-breaker}: unhealthy while a node's circuit is open. */
  public void circuitBreaker(dev.strata.jcache.store.CircuitBreaker breaker) {
    replace(prefix + "circuit-breaker", new HealthCheck() {
      @Override
      protected Result check() {
        List<String> open = new ArrayList<>();
        for (dev.strata.jcache.store.CircuitBreaker.Status st : breaker.statuses()) {
          if (st.state() != dev.strata.jcache.store.CircuitBreaker.State.CLOSED) {
            open.add(st.node() + " " + st.state() + " since " + java.time.Instant.ofEpochMilli(st.sinceMillis()) + " ("
                + st.reason() + ")");
          }
        }
        if (open.stream().anyMatch(line -> line.contains(" OPEN since"))) {
          return Result.unhealthy("calls fail fast: " + String.join("; ", open) + "; " + breaker.rejectedCalls()
              + " calls refused so far");
        }
        return open.isEmpty() ? Result.healthy(breaker.enabled() ? "every circuit closed" : "circuit breaker disabled")
            : Result.healthy(String.join("; ", open));
      }
    });
  }

  /** The probe the checks read; until it is set (no connection yet) the checks say so. */
  public void probe(RedisProbe probe) {
    this.probe = probe;
  }

  /** The statistics of every cache checked, by name (what the probe samples). */
  public Map<String, CacheStatistics> caches() {
    return caches;
  }

  /** Adds the check of cache {@code name}. */
  public void addCache(String name, CacheStatistics stats) {
    caches.put(name, stats);
    replace(prefix + "cache." + name, new HealthCheck() {
      @Override
      protected Result check() {
        return cache(name, stats);
      }
    });
  }

  /** Removes the check of cache {@code name}. */
  public void removeCache(String name) {
    caches.remove(name);
    registry.unregister(prefix + "cache." + name);
  }

  private HealthCheck.Result redis() {
    RedisProbe p = probe;
    if (p == null) {
      return HealthCheck.Result.healthy("not connected yet: the manager connects when its first cache is created");
    }
    RedisProbe.Round round = p.lastRound();
    if (round.answers().isEmpty()) {
      return HealthCheck.Result.healthy("connected; the first PING is under way");
    }
    long ageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - round.atNanos());
    // a PING round that takes long (a frozen server) delays the next one: an old round is a sign too
    long stale = 3L * settings.probeIntervalMillis() + 2L * Math.max(1_000, 2L * settings.redisLatencyMillis());
    if (ageMillis > stale) {
      return HealthCheck.Result.unhealthy("no PING round completed for " + ageMillis + " ms");
    }
    List<String> problems = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    for (RedisProbe.NodeAnswer a : round.answers()) {
      if (!a.answered()) {
        problems.add(a.node() + ": " + a.problem());
      } else if (a.millis() > settings.redisLatencyMillis()) {
        problems.add(a.node() + ": PING took " + a.millis() + " ms (threshold " + settings.redisLatencyMillis()
            + " ms)");
      } else {
        fine.add(a.node() + " " + a.millis() + " ms");
      }
    }
    if (!problems.isEmpty()) {
      return HealthCheck.Result.unhealthy(String.join("; ", problems));
    }
    return HealthCheck.Result.healthy("PING answered: " + String.join(", ", fine));
  }

  private HealthCheck.Result nearCaches() {
    RedisProbe p = probe;
    long since = p == null ? 0 : p.bypassedSinceNanos();
    if (since == 0) {
      return HealthCheck.Result.healthy("near caches serving (or none)");
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    if (millis > 3L * settings.probeIntervalMillis()) {
      return HealthCheck.Result.unhealthy("near caches bypassed for " + millis + " ms: every read goes to Redis");
    }
    return HealthCheck.Result.healthy("near caches bypassed for " + millis + " ms (reconciling)");
  }

  private HealthCheck.Result cache(String name, CacheStatistics stats) {
    if (!stats.isEnabled()) {
      return HealthCheck.Result.healthy("statistics disabled: hit ratio and latency not judged");
    }
    List<String> problems = new ArrayList<>();
    StringBuilder facts = new StringBuilder();
    RedisProbe p = probe;
    if (p != null) {
      long[] recent = p.recentHitsAndMisses(name);
      long gets = recent[0] + recent[1];
      if (gets > 0) {
        double ratio = (double) recent[0] / gets;
        facts.append(String.format("hit ratio %.3f over %d gets in the last minute", ratio, gets));
        if (settings.minHitRatio() > 0 && gets >= MIN_GETS && ratio < settings.minHitRatio()) {
          problems.add(String.format("hit ratio %.3f below %.3f", ratio, settings.minHitRatio()));
        }
      } else {
        facts.append("no gets in the last minute");
      }
    }
    for (CacheStatistics.Operation op : new CacheStatistics.Operation[] {CacheStatistics.Operation.GET_REMOTE,
        CacheStatistics.Operation.GET_NEAR, CacheStatistics.Operation.PUT}) {
      if (stats.timer(op).getCount() == 0) {
        continue;
      }
      Snapshot snapshot = stats.timer(op).getSnapshot();
      double p99Millis = snapshot.get99thPercentile() / 1e6;
      facts.append(String.format("; %s p99 %.2f ms", op.suffix(), p99Millis));
      if (settings.maxP99Millis() > 0 && p99Millis > settings.maxP99Millis()) {
        problems.add(String.format("%s p99 %.1f ms above %d ms", op.suffix(), p99Millis, settings.maxP99Millis()));
      }
    }
    if (!problems.isEmpty()) {
      return HealthCheck.Result.unhealthy(String.join("; ", problems) + " (" + facts + ")");
    }
    return HealthCheck.Result.healthy(facts.toString());
  }

  /** Runs this manager's checks only (the registry may be shared with other managers and code). */
  public SortedMap<String, HealthCheck.Result> run() {
    SortedMap<String, HealthCheck.Result> results = new TreeMap<>();
    for (String name : registry.getNames()) {
      if (name.equals(prefix + "redis") || name.equals(prefix + "near-caches")
          || name.equals(prefix + "circuit-breaker")
          || name.startsWith(prefix + "cache.") && caches.containsKey(name.substring((prefix + "cache.").length()))) {
        results.put(name, registry.runHealthCheck(name));
      }
    }
    return results;
  }

  /** The JMX view of {@link #run()}. */
  public HealthMXBean bean() {
    return new HealthMXBean() {
      @Override
      public boolean isHealthy() {
        return run().values().stream().allMatch(HealthCheck.Result::isHealthy);
      }

      @Override
      public String[] getReport() {
        List<String> lines = new ArrayList<>();
        run().forEach((name, result) -> lines.add(name + ": " + (result.isHealthy() ? "HEALTHY" : "UNHEALTHY")
            + " - " + result.getMessage()));
        return lines.toArray(String[]::new);
      }
    };
  }

  /** Removes every check of this manager from the registry. */
  public void unregister() {
    registry.unregister(prefix + "redis");
    registry.unregister(prefix + "near-caches");
    registry.unregister(prefix + "circuit-breaker");
    for (String name : List.copyOf(caches.keySet())) {
      removeCache(name);
    }
  }
}
