package dev.strata.jcache.configuration;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SharedMetricRegistries;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.codahale.metrics.health.SharedHealthCheckRegistries;
import javax.cache.CacheException;

/**
 * How a manager reports: where its metrics and health checks go and the thresholds of its health
 * checks (properties {@code strata.metrics.*} and {@code strata.health.*}, see
 * docs/operations.md).
 *
 * @param metricsPrefix first part of every metric and health-check name ({@code strata})
 * @param metricsRegistry a {@link MetricRegistry}, the name of a shared one, or null (the manager's own)
 * @param healthRegistry a {@link HealthCheckRegistry}, the name of a shared one, or null (the manager's own)
 * @param probeIntervalMillis how often each Redis master is sent a PING for health and round-trip metrics
 * @param redisLatencyMillis the slowest PING answer that still counts as healthy
 * @param minHitRatio the lowest hit ratio over the last minute that counts as healthy (0: not judged)
 * @param maxP99Millis the highest p99 of get and put that counts as healthy (0: not judged)
 */
public record ObservabilitySettings(String metricsPrefix, Object metricsRegistry, Object healthRegistry,
    int probeIntervalMillis, int redisLatencyMillis, double minHitRatio, int maxP99Millis) {

  /** The metric registry to use: the one handed in, the shared one named, or a new one. */
  public MetricRegistry metrics() {
    if (metricsRegistry == null) {
      return new MetricRegistry();
    }
    if (metricsRegistry instanceof MetricRegistry registry) {
      return registry;
    }
    if (metricsRegistry instanceof String name && !name.isBlank()) {
      return SharedMetricRegistries.getOrCreate(name.trim());
    }
    throw new CacheException(ManagerSettings.METRICS_REGISTRY + " must be a " + MetricRegistry.class.getName()
        + " or the name of a shared one, not a " + metricsRegistry.getClass().getName());
  }

  /** The health-check registry to use: the one handed in, the shared one named, or a new one. */
  public HealthCheckRegistry health() {
    if (healthRegistry == null) {
      return new HealthCheckRegistry();
    }
    if (healthRegistry instanceof HealthCheckRegistry registry) {
      return registry;
    }
    if (healthRegistry instanceof String name && !name.isBlank()) {
      return SharedHealthCheckRegistries.getOrCreate(name.trim());
    }
    throw new CacheException(ManagerSettings.HEALTH_REGISTRY + " must be a " + HealthCheckRegistry.class.getName()
        + " or the name of a shared one, not a " + healthRegistry.getClass().getName());
  }
}
