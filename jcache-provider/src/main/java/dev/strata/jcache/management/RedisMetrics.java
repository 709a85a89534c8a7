package dev.strata.jcache.management;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.strata.jcache.store.CircuitBreaker;
import dev.strata.jcache.store.CommandObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Redis metrics of one manager ({@code <prefix>.redis.*}, table in docs/operations.md):
 * connection events, calls in flight, re-sent and failed calls, failover errors, and the PING
 * round trip of every master measured by {@link RedisProbe}. Always on: they cost an add per remote
 * call, nothing on a near hit.
 */
public final class RedisMetrics implements CommandObserver, CircuitBreaker.Listener {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisMetrics.class);

  private final MetricRegistry registry;
  private final String metricsPrefix;
  private final String prefix;
  private final Counter disconnects;
  private final Counter reconnects;
  private final Counter failed;
  private final Counter retried;
  private final Counter failoverErrors;
  private final Counter circuitsOpened;
  private final Counter rejected;
  private final LongAdder inFlight = new LongAdder();
  private final AtomicBoolean connected = new AtomicBoolean();
  private final Set<String> names = ConcurrentHashMap.newKeySet();

  /** Registers the manager's Redis metrics under {@code <metricsPrefix>.redis.}. */
  public RedisMetrics(MetricRegistry registry, String metricsPrefix) {
    this.registry = registry;
    this.metricsPrefix = metricsPrefix;
    this.prefix = metricsPrefix + ".redis.";
    this.disconnects = counter("disconnects");
    this.reconnects = counter("reconnects");
    this.failed = counter("commands.failed");
    this.retried = counter("commands.retried");
    this.failoverErrors = counter("failover-errors");
    this.circuitsOpened = counter("circuit-breaker.opened");
    this.rejected = counter("circuit-breaker.rejected");
    gauge("commands.in-flight", (Gauge<Long>) inFlight::sum);
    gauge("connected", (Gauge<Integer>) () -> connected.get() ? 1 : 0);
  }

  private Counter counter(String name) {
    names.add(prefix + name);
    return registry.counter(prefix + name);
  }

  private void gauge(String name, Gauge<?> gauge) {
    names.add(prefix + name);
    registry.remove(prefix + name);
    registry.register(prefix + name, gauge);
  }

  @Override
  public void started() {
    inFlight.increment();
  }

  @Override
  public void finished() {
    inFlight.decrement();
  }

  @Override
  public void resent() {
    retried.inc();
  }

  @Override
  public void failoverError() {
    failoverErrors.inc();
  }

  @Override
  public void failed(String cacheName) {
    failed.inc();
    if (cacheName != null) {
      // counted whether statistics are on or not: a failure is never on the hot path
      registry.counter(CacheStatistics.cachePrefix(metricsPrefix, cacheName) + "errors").inc();
    }
  }

  @Override
  public void transition(String node, CircuitBreaker.State state) {
    if (state == CircuitBreaker.State.OPEN) {
      circuitsOpened.inc();
      LOG.warn("circuit breaker for Redis {} opened: calls to it fail at once until it answers a PING", node);
    } else if (state == CircuitBreaker.State.CLOSED) {
      LOG.info("circuit breaker for Redis {} closed: calls go through again", node);
    }
  }

  @Override
  public void rejected(String node) {
    rejected.inc();
  }

  /** Registers the gauge of how many nodes' circuits are open. */
  public void watch(CircuitBreaker breaker) {
    gauge("circuit-breaker.open", (Gauge<Integer>) breaker::openCircuits);
  }

  /** Redisson lost a connection. */
  public void disconnected() {
    disconnects.inc();
  }

  /** Redisson opened a connection after losing one. */
  public void reconnected() {
    reconnects.inc();
  }

  /** What the last probe found: every master answered in time, or not. */
  void probed(boolean allAnswered) {
    connected.set(allAnswered);
  }

  /** The PING round-trip timer of master {@code node} ({@code host:port}). */
  Timer roundTrip(String node) {
    String name = prefix + "node." + node + ".round-trip";
    names.add(name);
    return registry.timer(name, () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));
  }

  /** Removes every metric this object registered (manager closed). */
  public void unregister() {
    names.forEach(registry::remove);
  }
}
