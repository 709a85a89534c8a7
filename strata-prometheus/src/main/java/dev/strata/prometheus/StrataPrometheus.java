package dev.strata.prometheus;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import dev.strata.jcache.management.MetricName;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Exposes Strata's Dropwizard metrics to Prometheus.
 *
 * <pre>{@code
 * MetricRegistry metrics = manager.unwrap(StrataCacheManager.class).metrics();
 * PrometheusRegistry prometheus = new PrometheusRegistry();
 * StrataPrometheus.register(metrics, prometheus);
 * HTTPServer server = StrataPrometheus.serve(prometheus, "0.0.0.0", 9464);   // GET /metrics
 * }</pre>
 *
 * <p>Series names are fixed ({@code strata_cache_hits_total}, {@code strata_cache_operation_seconds},
 * ...); the cache, the Redis node and the manager's metrics prefix are labels ({@code cache},
 * {@code node}, {@code manager}), so the same alert rules and dashboard serve every cache and every
 * manager, whatever its prefix.
 */
public final class StrataPrometheus {

  /** The metrics prefix of a manager that does not set {@code strata.metrics.prefix}. */
  public static final String DEFAULT_PREFIX = "strata";

  private StrataPrometheus() {
  }

  /**
   * Registers a collector of the Strata metrics in {@code metrics} (managers with prefix {@code strata})
   * with {@code prometheus}. Other metrics of the registry are not exported by it.
   */
  public static StrataCollector register(MetricRegistry metrics, PrometheusRegistry prometheus) {
    return register(metrics, prometheus, DEFAULT_PREFIX);
  }

  /**
   * Registers a collector of the Strata metrics of the managers with the given metrics prefixes (each
   * manager sharing {@code metrics} has its own) with {@code prometheus}.
   */
  public static StrataCollector register(MetricRegistry metrics, PrometheusRegistry prometheus, String... prefixes) {
    requireNonNull(prometheus, "prometheus");
    StrataCollector collector = new StrataCollector(metrics, List.of(prefixes.length == 0
        ? new String[] {DEFAULT_PREFIX} : prefixes));
    prometheus.register(collector);
    return collector;
  }

  /**
   * Registers the Strata collector as {@link #register(MetricRegistry, PrometheusRegistry, String...)} does
   * and, for every other metric of {@code metrics} (the application's own), the client's official
   * {@link DropwizardExports} with its default names, so one registry shows everything.
   */
  public static StrataCollector registerWithOthers(MetricRegistry metrics, PrometheusRegistry prometheus,
      String... prefixes) {
    StrataCollector collector = register(metrics, prometheus, prefixes);
    DropwizardExports.builder().dropwizardRegistry(metrics)
        .metricFilter(othersFilter(prefixes.length == 0 ? new String[] {DEFAULT_PREFIX} : prefixes))
        .register(prometheus);
    return collector;
  }

  /**
   * Matches every metric outside Strata's namespaces ({@code <p>.cache.}, {@code <p>.near.},
   * {@code <p>.redis.}) of the given prefixes. Strata metrics the contract does not list are excluded
   * too: exported by their Dropwizard name they would put cache names into series names.
   */
  public static MetricFilter othersFilter(String... prefixes) {
    List<String> list = List.of(prefixes);
    return (name, metric) -> list.stream().noneMatch(p -> MetricName.inStrataNamespace(p, name));
  }

  /**
   * Starts an HTTP server on {@code host:port} that answers {@code GET /metrics} with {@code prometheus}'s
   * series (text format, or protobuf/OpenMetrics as the scraper asks). Port 0 picks a free port, see
   * {@link HTTPServer#getPort()}. Close the server to stop it.
   */
  public static HTTPServer serve(PrometheusRegistry prometheus, String host, int port) {
    try {
      return HTTPServer.builder().registry(requireNonNull(prometheus, "prometheus")).hostname(host).port(port)
          .buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve Prometheus metrics on " + host + ":" + port, e);
    }
  }

  /** {@link #serve(PrometheusRegistry, String, int)} on every interface of this machine. */
  public static HTTPServer serve(PrometheusRegistry prometheus, int port) {
    return serve(prometheus, "0.0.0.0", port);
  }
}
