package dev.strata.jcache.manager;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import dev.strata.jcache.configuration.ObservabilitySettings;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.management.JmxRegistrar;
import dev.strata.jcache.management.RedisMetrics;
import dev.strata.jcache.management.RedisProbe;
import dev.strata.jcache.management.StrataHealthChecks;
import dev.strata.jcache.store.CircuitBreaker;
import dev.strata.jcache.store.CommandObserver;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.connection.ConnectionListener;

/**
 * What one manager reports about itself: its metric and health-check registries, the Redis metrics
 * its store layer feeds, the health probe started with the connection, and the health MXBean
 * ({@code dev.strata:type=Health}). Kept apart from {@link StrataCacheManager} so the manager stays
 * about caches.
 */
final class ManagerObservability {

  private final ObservabilitySettings settings;
  private final String displayUri;
  private final MetricRegistry metrics;
  private final HealthCheckRegistry healthRegistry;
  private final RedisMetrics redisMetrics;
  private final StrataHealthChecks healthChecks;
  private final Set<InetSocketAddress> lostConnections = ConcurrentHashMap.newKeySet();
  private volatile RedisProbe probe;

  /** Sets up the registries (handed in or the manager's own) and registers the health MXBean. */
  ManagerObservability(ObservabilitySettings settings, String displayUri) {
    this.settings = settings;
    this.displayUri = displayUri;
    this.metrics = settings.metrics();
    this.healthRegistry = settings.health();
    this.redisMetrics = new RedisMetrics(metrics, settings.metricsPrefix());
    this.healthChecks = new StrataHealthChecks(healthRegistry, settings);
    JmxRegistrar.register(JmxRegistrar.Kind.HEALTH, displayUri, null, healthChecks.bean());
  }

  /** What the store layer tells about every call it waits for. */
  CommandObserver commandObserver() {
    return redisMetrics;
  }

  /**
   * The manager connected: count lost and re-opened connections and start the health probe
   * ({@code nearServing} says whether the manager's near caches serve).
   */
  void connected(RedissonClient client, String threadName, BooleanSupplier nearServing) {
    if (client instanceof Redisson r) {
      r.getServiceManager().getConnectionEventsHub().addListener(new ConnectionListener() {
        @Override
        public void onConnect(InetSocketAddress address) {
          if (lostConnections.remove(address)) {
            redisMetrics.reconnected();
          }
        }

        @Override
        public void onDisconnect(InetSocketAddress address) {
          lostConnections.add(address);
          redisMetrics.disconnected();
        }
      });
    }
    RedisProbe started = new RedisProbe(client, redisMetrics, settings, threadName, nearServing,
        healthChecks::caches);
    probe = started;
    healthChecks.probe(started);
  }

  /** What the circuit breaker tells: transitions and refused calls. */
  CircuitBreaker.Listener circuitListener() {
    return redisMetrics;
  }

  /** Shows {@code breaker}'s state in the metrics and health checks. */
  void watch(CircuitBreaker breaker) {
    redisMetrics.watch(breaker);
    healthChecks.circuitBreaker(breaker);
  }

  void cacheCreated(String name, CacheStatistics statistics) {
    healthChecks.addCache(name, statistics);
  }

  void cacheReleased(String name) {
    healthChecks.removeCache(name);
  }

  MetricRegistry metrics() {
    return metrics;
  }

  HealthCheckRegistry healthRegistry() {
    return healthRegistry;
  }

  SortedMap<String, HealthCheck.Result> runHealthChecks() {
    return healthChecks.run();
  }

  /** Stops the probe and removes the manager's metrics, health checks and health MXBean. */
  void close() {
    RedisProbe running = probe;
    if (running != null) {
      running.close();
    }
    healthChecks.unregister();
    redisMetrics.unregister();
    JmxRegistrar.unregister(JmxRegistrar.Kind.HEALTH, displayUri, null);
  }
}
