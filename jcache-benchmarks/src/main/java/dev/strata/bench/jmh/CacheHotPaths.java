package dev.strata.bench.jmh;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cache's hot paths, one thread, against a redis-server the benchmark starts itself: a near-cache
 * hit, a remote get and a put, each with statistics off and on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheHotPaths {

  @Param({"false", "true"})
  public boolean statistics;

  private RedisNode redis;
  private CacheManager manager;
  private Cache<String, String> near;
  private Cache<String, String> remote;
  private final String[] keys = new String[1_000];
  private int next;

  @Setup(Level.Trial)
  public void start() {
    redis = RedisLauncher.startStandalone();
    manager = new StrataCachingProvider().getCacheManager(URI.create(redis.uri() + "?namespace=jmh"),
        getClass().getClassLoader());
    near = manager.createCache("near", config(true));
    remote = manager.createCache("remote", config(false));
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "key:" + i;
      near.put(keys[i], "v".repeat(100));
      remote.put(keys[i], "v".repeat(100));
    }
    for (int round = 0; round < 3; round++) {
      for (String k : keys) {
        near.get(k);
      }
    }
  }

  private StrataConfiguration<String, String> config(boolean withNear) {
    StrataConfiguration<String, String> c = new StrataConfiguration<>();
    c.setTypes(String.class, String.class);
    c.setStatisticsEnabled(statistics);
    c.setNearCache(withNear ? NearCacheSettings.builder().build() : NearCacheSettings.disabled());
    return c;
  }

  @TearDown(Level.Trial)
  public void stop() {
    manager.close();
    redis.close();
  }

  private String key() {
    next = (next + 1) % keys.length;
    return keys[next];
  }

  @Benchmark
  public String nearHit() {
    return near.get(key());
  }

  @Benchmark
  public String remoteGet() {
    return remote.get(key());
  }

  @Benchmark
  public void remotePut() {
    remote.put(key(), "w".repeat(100));
  }
}
