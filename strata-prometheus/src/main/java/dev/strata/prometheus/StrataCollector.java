package dev.strata.prometheus;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import dev.strata.jcache.management.MetricName;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads Strata's metrics from a Dropwizard {@link MetricRegistry} at every scrape and reports them as
 * Prometheus series whose name is fixed and whose cache, node and manager are labels (the series are
 * listed in docs/prometheus.md).
 *
 * <p>Why not the client's {@code DropwizardExports} with a {@code CustomLabelMapper}: its glob {@code *}
 * never matches a dot, so {@code strata.cache.*.hits} misses {@code strata.cache.com.example.User.hits};
 * and even with a mapper that parses the names properly, {@code DropwizardExports} (1.4.3, the newest
 * on Maven Central) turns every Dropwizard metric into a metric family of its own, so two caches mapped
 * to {@code strata_cache_hits} fail the whole scrape with "duplicate metric name". This collector
 * therefore builds one family per series name with one data point per cache, on the client's own
 * {@link MultiCollector} and snapshot model. Metrics outside the contract are left out; the official
 * {@code DropwizardExports} can export them (see {@link StrataPrometheus#othersFilter}).
 */
public final class StrataCollector implements MultiCollector {

  /** The quantiles reported for every Timer, as the official Dropwizard export reports them. */
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99, 0.999};

  private final MetricRegistry registry;
  private final List<String> prefixes;

  /**
   * @param registry the registry Strata's managers register in
   * @param prefixes the metrics prefixes of those managers ({@code strata.metrics.prefix}, default {@code strata})
   */
  public StrataCollector(MetricRegistry registry, List<String> prefixes) {
    this.registry = requireNonNull(registry, "registry");
    this.prefixes = List.copyOf(prefixes);
    if (this.prefixes.isEmpty()) {
      throw new IllegalArgumentException("at least one metrics prefix is needed");
    }
  }

  @Override
  public MetricSnapshots collect() {
    // sorted by series name, so that the exposition lists the families in a stable order
    Map<String, Family> families = new TreeMap<>();
    for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
      for (String prefix : prefixes) {
        Optional<MetricName> name = MetricName.parse(prefix, entry.getKey());
        if (name.isPresent()) {
          add(families, name.get(), entry.getValue());
          break;
        }
      }
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    for (Family family : families.values()) {
      MetricSnapshot snapshot = family.build();
      if (snapshot != null) {
        snapshots.metricSnapshot(snapshot);
      }
    }
    return snapshots.build();
  }

  private static void add(Map<String, Family> families, MetricName name, Metric metric) {
    Labels labels = labels(name);
    switch (name.scope()) {
      case CACHE -> {
        if (metric instanceof Timer timer) {
          family(families, "strata_cache_operation_seconds", Kind.SUMMARY,
              "Duration of Strata cache calls by operation (Dropwizard Timer, recent window)")
              .summary(labels.add("operation", name.metric().replace('.', '-')), timer);
        } else if (metric instanceof Counter counter) {
          family(families, "strata_cache_" + snake(name.metric()), Kind.COUNTER, "Strata cache " + name.metric())
              .counter(labels, counter.getCount());
        }
      }
      case NEAR -> {
        if (name.metric().equals("state") && metric instanceof Gauge<?> gauge) {
          Object state = gauge.getValue();
          String text = state == null ? "unknown" : state.toString().toLowerCase(Locale.ROOT);
          family(families, "strata_near_serving", Kind.GAUGE,
              "1 while the near cache serves reads, 0 while it is bypassed or reconciling")
              .gauge(labels, isServing(text) ? 1 : 0);
          family(families, "strata_near_state", Kind.GAUGE, "The near cache's state, as a label; always 1")
              .gauge(labels.add("state", text), 1);
        } else if (metric instanceof Gauge<?> gauge) {
          family(families, "strata_near_" + snake(name.metric()), Kind.GAUGE, "Strata near cache " + name.metric())
              .gauge(labels, gauge);
        } else if (metric instanceof Counter counter) {
          family(families, "strata_near_" + snake(name.metric()), Kind.COUNTER, "Strata near cache " + name.metric())
              .counter(labels, counter.getCount());
        }
      }
      case REDIS -> {
        String series = "strata_redis_" + snake(name.metric());
        if (metric instanceof Gauge<?> gauge) {
          family(families, series, Kind.GAUGE, "Strata Redis " + name.metric()).gauge(labels, gauge);
        } else if (metric instanceof Counter counter) {
          family(families, series, Kind.COUNTER, "Strata Redis " + name.metric()).counter(labels, counter.getCount());
        }
      }
      case NODE -> {
        if (metric instanceof Timer timer) {
          family(families, "strata_redis_round_trip_seconds", Kind.SUMMARY,
              "PING round trip of each Redis master, measured by Strata's health probe").summary(labels, timer);
        }
      }
      default -> throw new IllegalStateException(name.scope().toString());
    }
  }

  /** The labels every series of {@code name} carries: the manager's prefix and the cache or node. */
  private static Labels labels(MetricName name) {
    Labels labels = Labels.of("manager", name.prefix());
    return switch (name.scope()) {
      case CACHE, NEAR -> labels.add("cache", name.subject());
      case NODE -> labels.add("node", name.subject());
      case REDIS -> labels;
    };
  }

  /** Whether a near cache state means it answers reads ({@code serving}; older builds say {@code connected}). */
  static boolean isServing(String state) {
    return state.equals("serving") || state.equals("connected");
  }

  /** The contract's metric words as a Prometheus name part: {@code commands.in-flight} becomes {@code commands_in_flight}. */
  private static String snake(String metric) {
    return metric.replace('.', '_').replace('-', '_');
  }

  private static Family family(Map<String, Family> families, String name, Kind kind, String help) {
    return families.computeIfAbsent(name, n -> new Family(n, kind, help));
  }

  private enum Kind {
    COUNTER, GAUGE, SUMMARY
  }

  /** The data points of one series name, gathered over all caches, nodes and managers. */
  private static final class Family {
    private final String name;
    private final Kind kind;
    private final String help;
    private final List<CounterSnapshot.CounterDataPointSnapshot> counters = new ArrayList<>();
    private final List<GaugeSnapshot.GaugeDataPointSnapshot> gauges = new ArrayList<>();
    private final List<SummarySnapshot.SummaryDataPointSnapshot> summaries = new ArrayList<>();

    Family(String name, Kind kind, String help) {
      this.name = name;
      this.kind = kind;
      this.help = help;
    }

    Family counter(Labels labels, long count) {
      counters.add(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(count).build());
      return this;
    }

    Family gauge(Labels labels, Gauge<?> gauge) {
      Object value = gauge.getValue();
      if (value instanceof Number number) {
        gauge(labels, number.doubleValue());
      } else if (value instanceof Boolean bool) {
        gauge(labels, bool ? 1 : 0);
      }
      // any other value (null, text) has no number to report; the series is left out of this scrape
      return this;
    }

    Family gauge(Labels labels, double value) {
      gauges.add(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
      return this;
    }

    Family summary(Labels labels, Timer timer) {
      Snapshot snapshot = timer.getSnapshot();
      Quantiles.Builder quantiles = Quantiles.builder();
      for (double q : QUANTILES) {
        // Timers record nanoseconds; Prometheus's base unit is the second
        quantiles.quantile(q, Unit.nanosToSeconds((long) snapshot.getValue(q)));
      }
      summaries.add(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels).count(timer.getCount())
          .quantiles(quantiles.build()).build());
      return this;
    }

    MetricSnapshot build() {
      return switch (kind) {
        case COUNTER -> counters.isEmpty() ? null : new CounterSnapshot(new MetricMetadata(name, help), counters);
        case GAUGE -> gauges.isEmpty() ? null : new GaugeSnapshot(new MetricMetadata(name, help), gauges);
        case SUMMARY -> summaries.isEmpty() ? null
            : new SummarySnapshot(new MetricMetadata(name, help, Unit.SECONDS), summaries);
      };
    }
  }
}
