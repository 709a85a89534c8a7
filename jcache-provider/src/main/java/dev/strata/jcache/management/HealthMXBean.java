package dev.strata.jcache.management;

/**
 * The health of one cache manager in JMX, as {@code dev.strata:type=Health,CacheManager=<uri>}
 * (the URI with any password hidden): the manager's health checks run when an attribute is read.
 */
public interface HealthMXBean {

  /** Whether every health check of the manager is healthy now. */
  boolean isHealthy();

  /** One line per health check: {@code name: HEALTHY|UNHEALTHY - message}. */
  String[] getReport();
}
