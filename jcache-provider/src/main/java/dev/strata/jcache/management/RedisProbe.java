package dev.strata.jcache.management;

import dev.strata.jcache.configuration.ObservabilitySettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples what the health checks judge, on one daemon thread every
 * {@code strata.health.probe-interval-ms}: a PING to every master (its round trip goes to
 * {@link RedisMetrics}), whether the near caches serve, and each cache's hit and miss counts, kept
 * for a minute. A health check then answers from the last sample at once, even while Redis hangs.
 */
public final class RedisProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisProbe.class);
  /** How far back the hit ratio looks. */
  static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** One master's answer to the last PING. */
  public record NodeAnswer(String node, boolean answered, long millis, String problem) {
  }

  /** The last round of PINGs: when it ended and each master's answer; no answers before the first round. */
  public record Round(long atNanos, List<NodeAnswer> answers) {
    static final Round NONE = new Round(0, List.of());
  }

  /** Hit and miss counts at one moment. */
  private record Counts(long atNanos, long hits, long misses) {
  }

  private final RedissonClient redisson;
  private final RedisMetrics metrics;
  private final ObservabilitySettings settings;
  private final BooleanSupplier nearServing;
  private final Supplier<Map<String, CacheStatistics>> caches;
  private final ScheduledExecutorService timer;
  private final Map<String, Deque<Counts>> counts = new ConcurrentHashMap<>();
  private volatile Round round = Round.NONE;
  private volatile long bypassedSinceNanos;

  /**
   * Starts probing. {@code nearServing} says whether this manager's near caches serve (true when it
   * has none); {@code caches} gives the statistics of the manager's caches by name.
   */
  public RedisProbe(RedissonClient redisson, RedisMetrics metrics, ObservabilitySettings settings,
      String threadName, BooleanSupplier nearServing, Supplier<Map<String, CacheStatistics>> caches) {
    this.redisson = redisson;
    this.metrics = metrics;
    this.settings = settings;
    this.nearServing = nearServing;
    this.caches = caches;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::tick, 0, settings.probeIntervalMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      pingMasters();
      long now = System.nanoTime();
      if (nearServing.getAsBoolean()) {
        bypassedSinceNanos = 0;
      } else if (bypassedSinceNanos == 0) {
        bypassedSinceNanos = now;
      }
      sampleCounts(now);
    } catch (RuntimeException e) {
      LOG.debug("health probe failed", e);
    }
  }

  private void pingMasters() {
    // a frozen server must not hold the probe: each PING gets at most this long
    long patience = Math.max(1_000, 2L * settings.redisLatencyMillis());
    List<NodeAnswer> answers = new ArrayList<>();
    for (RedisNode node : masters(redisson)) {
      String name = node.getAddr().getHostString() + ":" + node.getAddr().getPort();
      long start = System.nanoTime();
      String problem = null;
      try {
        // ping(timeout) answers false when no PONG came in time; failures to connect throw
        if (!node.ping(patience, TimeUnit.MILLISECONDS)) {
          problem = "no answer to PING within " + patience + " ms";
        }
      } catch (RuntimeException e) {
        problem = "PING failed: " + e.getClass().getSimpleName();
      }
      long nanos = System.nanoTime() - start;
      if (problem == null) {
        metrics.roundTrip(name).update(nanos, TimeUnit.NANOSECONDS);
      }
      answers.add(new NodeAnswer(name, problem == null, TimeUnit.NANOSECONDS.toMillis(nanos), problem));
    }
    round = new Round(System.nanoTime(), List.copyOf(answers));
    metrics.probed(!answers.isEmpty() && answers.stream().allMatch(
        a -> a.answered() && a.millis() <= settings.redisLatencyMillis()));
  }

  /** The masters of the deployment {@code redisson} talks to, as Redisson sees them now. */
  public static List<RedisNode> masters(RedissonClient redisson) {
    List<RedisNode> out = new ArrayList<>();
    if (redisson.getConfig().isClusterConfig()) {
      out.addAll(redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters());
    } else if (redisson.getConfig().isSentinelConfig()) {
      out.add(redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
    } else if (redisson.getConfig().isSingleConfig()) {
      out.add(redisson.getRedisNodes(RedisNodes.SINGLE).getInstance());
    } else {
      out.add(redisson.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
    }
    return out;
  }

  private void sampleCounts(long now) {
    Map<String, CacheStatistics> current = caches.get();
    counts.keySet().retainAll(current.keySet());
    current.forEach((name, stats) -> {
      Deque<Counts> samples = counts.computeIfAbsent(name, n -> new ArrayDeque<>());
      synchronized (samples) {
        samples.addLast(new Counts(now, stats.hitsTotal(), stats.missesTotal()));
        while (samples.size() > 2 && samples.peekFirst().atNanos() < now - WINDOW_NANOS) {
          samples.removeFirst();
        }
      }
    });
  }

  /** The last round of PINGs. */
  public Round lastRound() {
    return round;
  }

  /** Since when (nanoTime) the near caches have not served, or 0 while they serve. */
  public long bypassedSinceNanos() {
    return bypassedSinceNanos;
  }

  /** Hits and misses of cache {@code name} over the last minute: {hits, misses}; zeros before two samples. */
  public long[] recentHitsAndMisses(String name) {
    Deque<Counts> samples = counts.get(name);
    if (samples == null) {
      return new long[2];
    }
    synchronized (samples) {
      if (samples.size() < 2) {
        return new long[2];
      }
      Counts first = samples.peekFirst();
      Counts last = samples.peekLast();
      return new long[] {last.hits() - first.hits(), last.misses() - first.misses()};
    }
  }

  /** The probe's settings. */
  public ObservabilitySettings settings() {
    return settings;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
