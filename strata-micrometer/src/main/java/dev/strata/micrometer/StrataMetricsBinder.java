package dev.strata.micrometer;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.Timer;
import dev.strata.jcache.management.MetricName;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Shows Strata's Dropwizard metrics as Micrometer meters: Counters as {@link FunctionCounter}s, Gauges as
 * Micrometer gauges, Timers as a call count, a mean and percentiles ({@link TimeGauge}s). The meter names
 * follow Micrometer's style ({@code strata.cache.gets}, {@code strata.near.entries}); the cache, the Redis
 * node and the manager's metrics prefix are the tags {@code cache}, {@code node} and {@code manager}.
 *
 * <pre>{@code
 * new StrataMetricsBinder(manager.unwrap(StrataCacheManager.class).metrics()).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Meters read the Dropwizard metrics when the meter registry publishes; nothing is copied on
 * Strata's hot path. Binding listens to the Dropwizard registry ({@link MetricRegistryListener}), so the
 * metrics of a cache created later are bound when they are registered, and the meters of a destroyed
 * cache are removed from the meter registry when its metrics leave the Dropwizard registry. {@link #close()}
 * stops listening.
 */
public final class StrataMetricsBinder implements MeterBinder, AutoCloseable {

  /** Percentiles reported for every Timer. */
  private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

  private final MetricRegistry metrics;
  private final List<String> prefixes;
  private final List<Binding> bindings = new CopyOnWriteArrayList<>();

  /** Binds the metrics of managers with the default prefix {@code strata}. */
  public StrataMetricsBinder(MetricRegistry metrics) {
    this(metrics, "strata");
  }

  /** Binds the metrics of the managers with the given metrics prefixes ({@code strata.metrics.prefix}). */
  public StrataMetricsBinder(MetricRegistry metrics, String... prefixes) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.prefixes = List.of(prefixes);
    if (this.prefixes.isEmpty()) {
      throw new IllegalArgumentException("at least one metrics prefix is needed");
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Binding binding = new Binding(requireNonNull(registry, "registry"));
    bindings.add(binding);
    // Dropwizard calls the listener for every metric already registered, then for each one added later
    metrics.addListener(binding);
  }

  /** Stops following the Dropwizard registry; meters bound so far stay in their meter registries. */
  @Override
  public void close() {
    for (Binding binding : bindings) {
      metrics.removeListener(binding);
    }
    bindings.clear();
  }

  private Optional<MetricName> parse(String name) {
    for (String prefix : prefixes) {
      Optional<MetricName> parsed = MetricName.parse(prefix, name);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return Optional.empty();
  }

  /** Whether a near cache state means it answers reads ({@code serving}; older builds say {@code connected}). */
  static boolean isServing(Object state) {
    String text = String.valueOf(state).toLowerCase(Locale.ROOT);
    return text.equals("serving") || text.equals("connected");
  }

  /** One meter registry following the Dropwizard registry: the meters made for each Dropwizard name. */
  private final class Binding extends MetricRegistryListener.Base {
    private final MeterRegistry registry;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void onCounterAdded(String name, Counter counter) {
      parse(name).ifPresent(n -> bind(name, counter(n, counter)));
    }

    @Override
    public void onGaugeAdded(String name, Gauge<?> gauge) {
      parse(name).ifPresent(n -> bind(name, gauge(n, gauge)));
    }

    @Override
    public void onTimerAdded(String name, Timer timer) {
      parse(name).ifPresent(n -> bind(name, timer(n, timer)));
    }

    @Override
    public void onCounterRemoved(String name) {
      unbind(name);
    }

    @Override
    public void onGaugeRemoved(String name) {
      unbind(name);
    }

    @Override
    public void onTimerRemoved(String name) {
      unbind(name);
    }

    private void bind(String name, List<Meter> bound) {
      if (!bound.isEmpty()) {
        meters.put(name, bound);
      }
    }

    private void unbind(String name) {
      List<Meter> bound = meters.remove(name);
      if (bound != null) {
        bound.forEach(registry::remove);
      }
    }

    private List<Meter> counter(MetricName name, Counter counter) {
      String meter;
      Tags tags = tags(name);
      switch (name.scope()) {
        case CACHE, NEAR -> {
          String scope = name.scope() == MetricName.Scope.CACHE ? "strata.cache." : "strata.near.";
          // hits and misses are one meter told apart by a result tag, as Micrometer's own cache metrics do
          if (name.metric().equals("hits") || name.metric().equals("misses")) {
            meter = scope + "gets";
            tags = tags.and("result", name.metric().equals("hits") ? "hit" : "miss");
          } else {
            meter = scope + name.metric();
          }
        }
        case REDIS -> meter = "strata.redis." + name.metric();
        default -> {
          return List.of();
        }
      }
      // the Dropwizard counter is the meter's state object: the Dropwizard registry keeps it alive
      return List.of(FunctionCounter.builder(meter, counter, Counter::getCount).tags(tags).register(registry));
    }

    private List<Meter> gauge(MetricName name, Gauge<?> gauge) {
      Tags tags = tags(name);
      if (name.scope() == MetricName.Scope.NEAR && name.metric().equals("state")) {
        return List.of(io.micrometer.core.instrument.Gauge.builder("strata.near.serving", gauge,
                g -> isServing(g.getValue()) ? 1 : 0)
            .description("1 while the near cache serves reads, 0 while it is bypassed or reconciling")
            .tags(tags).register(registry));
      }
      String meter = switch (name.scope()) {
        case NEAR -> "strata.near." + name.metric();
        case REDIS -> "strata.redis." + name.metric();
        default -> null;
      };
      if (meter == null) {
        return List.of();
      }
      io.micrometer.core.instrument.Gauge.Builder<Gauge<?>> builder = io.micrometer.core.instrument.Gauge
          .<Gauge<?>>builder(meter, gauge, StrataMetricsBinder::number).tags(tags);
      if (name.metric().equals("bytes")) {
        builder.baseUnit(BaseUnits.BYTES);
      }
      return List.of(builder.register(registry));
    }

    private List<Meter> timer(MetricName name, Timer timer) {
      String base;
      Tags tags = tags(name);
      switch (name.scope()) {
        case CACHE -> {
          base = "strata.cache.operation";
          tags = tags.and("operation", name.metric().replace('.', '-'));
        }
        case NODE -> base = "strata.redis.round-trip";
        default -> {
          return List.of();
        }
      }
      List<Meter> bound = new ArrayList<>();
      bound.add(FunctionCounter.builder(base + ".count", timer, Timer::getCount)
          .description("calls timed").tags(tags).register(registry));
      bound.add(TimeGauge.builder(base + ".mean", timer, TimeUnit.NANOSECONDS, t -> t.getSnapshot().getMean())
          .description("mean duration over the Timer's recent window").tags(tags).register(registry));
      for (double phi : PERCENTILES) {
        bound.add(TimeGauge.builder(base + ".percentile", timer, TimeUnit.NANOSECONDS,
                t -> t.getSnapshot().getValue(phi))
            .description("duration percentile over the Timer's recent window")
            .tags(tags.and("phi", Double.toString(phi))).register(registry));
      }
      return bound;
    }

    private Tags tags(MetricName name) {
      Tags tags = Tags.of("manager", name.prefix());
      return switch (name.scope()) {
        case CACHE, NEAR -> tags.and("cache", name.subject());
        case NODE -> tags.and("node", name.subject());
        case REDIS -> tags;
      };
    }
  }

  /** A gauge's value as a number; NaN (Micrometer's "no value") for anything else. */
  private static double number(Gauge<?> gauge) {
    Object value = gauge.getValue();
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return Double.NaN;
  }
}
