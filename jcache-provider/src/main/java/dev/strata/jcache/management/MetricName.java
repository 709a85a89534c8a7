package dev.strata.jcache.management;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A Dropwizard metric name of Strata's naming contract, taken apart: the manager's prefix, the scope
 * ({@code cache}, {@code near}, {@code redis} or a Redis node), the cache or node it is about, and the
 * metric. Cache names may contain dots ({@code com.example.User}), so a name is read by its known
 * prefix and its known suffixes, never by splitting on dots.
 * The provider owns its names, so exporters (strata-prometheus, strata-micrometer) read them here
 * instead of keeping lists of their own; the table is in docs/operations.md.
 */
public record MetricName(String prefix, Scope scope, String subject, String metric) {

  /** Where a metric belongs. */
  public enum Scope {
    /** {@code <p>.cache.<cache>.<metric>}. */
    CACHE,
    /** {@code <p>.near.<cache>.<metric>}. */
    NEAR,
    /** {@code <p>.redis.<metric>}, one per manager; no subject. */
    REDIS,
    /** {@code <p>.redis.node.<host:port>.<metric>}. */
    NODE
  }

  /** Per-cache metrics, longest first so that {@code get.near} is tried before shorter ones. */
  public static final List<String> CACHE_METRICS = longestFirst(List.of("hits", "misses", "puts", "removals",
      "evictions", "errors", "fallbacks", "get.near", "get.remote", "put", "remove", "replace", "get-all", "put-all",
      "remove-all", "invoke", "load"));
  /** Per-near-cache metrics. */
  public static final List<String> NEAR_METRICS = longestFirst(List.of("hits", "misses", "evictions",
      "invalidations-received", "stale-installs-prevented", "gaps-detected", "segment-clears", "bypassed-reads",
      "freshness-lapses", "stale-served", "warmed", "entries", "bytes", "state"));
  /** Per-manager metrics. */
  public static final List<String> REDIS_METRICS = List.of("connected", "disconnects", "reconnects",
      "commands.in-flight", "commands.failed", "commands.retried", "failover-errors", "circuit-breaker.opened",
      "circuit-breaker.rejected", "circuit-breaker.open");
  /** Per-Redis-node metrics. */
  public static final List<String> NODE_METRICS = List.of("round-trip");

  /**
   * Reads {@code name} as a name of the manager whose prefix is {@code prefix}; empty when it is not one
   * of the contract's names (another library's metric, or a Strata metric outside the contract).
   */
  public static Optional<MetricName> parse(String prefix, String name) {
    if (!name.startsWith(prefix + ".")) {
      return Optional.empty();
    }
    String rest = name.substring(prefix.length() + 1);
    if (rest.startsWith("cache.")) {
      return withSubject(prefix, Scope.CACHE, rest.substring("cache.".length()), CACHE_METRICS);
    }
    if (rest.startsWith("near.")) {
      return withSubject(prefix, Scope.NEAR, rest.substring("near.".length()), NEAR_METRICS);
    }
    if (rest.startsWith("redis.node.")) {
      return withSubject(prefix, Scope.NODE, rest.substring("redis.node.".length()), NODE_METRICS);
    }
    if (rest.startsWith("redis.")) {
      String metric = rest.substring("redis.".length());
      return REDIS_METRICS.contains(metric)
          ? Optional.of(new MetricName(prefix, Scope.REDIS, null, metric))
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether {@code name} lies in one of Strata's namespaces of {@code prefix}, known to the contract or not. */
  public static boolean inStrataNamespace(String prefix, String name) {
    return name.startsWith(prefix + ".cache.") || name.startsWith(prefix + ".near.")
        || name.startsWith(prefix + ".redis.");
  }

  private static Optional<MetricName> withSubject(String prefix, Scope scope, String subjectAndMetric,
      List<String> metrics) {
    for (String metric : metrics) {
      String suffix = "." + metric;
      // the subject (cache name or node) is everything before the suffix, and must not be empty
      if (subjectAndMetric.endsWith(suffix) && subjectAndMetric.length() > suffix.length()) {
        String subject = subjectAndMetric.substring(0, subjectAndMetric.length() - suffix.length());
        return Optional.of(new MetricName(prefix, scope, subject, metric));
      }
    }
    return Optional.empty();
  }

  private static List<String> longestFirst(List<String> names) {
    return names.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }
}
