package dev.strata.bench;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Measures the near cache against the two limits that bound it, side by side in one run and on the
 * same keys: a near-cache hit against Caffeine's own JCache provider (all in memory), and a Strata
 * remote {@code get} against a raw Redisson bucket {@code GET} (one round trip). Subjects run in
 * interleaved rounds (A B C ... A B C ...) so that machine noise hits all of them alike; the median
 * round is reported, with the ratios.
 *
 * <p>Usage: {@code java -jar strata-benchmarks.jar [--redis redis://host:port] [--rounds n] [--quick]}.
 * Without {@code --redis} a local redis-server is started on a free port.
 */
public final class NearCacheBenchmark {

  private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  private static final int KEYS = 1_000;
  private static final int VALUE_SIZE = 100;

  private NearCacheBenchmark() {
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    String redisUri = null;
    int rounds = 7;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--redis" -> redisUri = args[++i];
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        default -> {
          System.out.println("usage: java -jar strata-benchmarks.jar [--redis redis://host:port] [--rounds n] [--quick]");
          System.exit(2);
        }
      }
    }
    if (quick) {
      rounds = 3;
    }
    RedisNode node = null;
    if (redisUri == null) {
      node = RedisLauncher.startStandalone();
      redisUri = node.uri();
      System.out.printf("started redis-server %s on %s%n", node.version(), redisUri);
    }
    try {
      run(redisUri, rounds, quick);
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private static void run(String redisUri, int rounds, boolean quick) throws Exception {
    String[] keys = new String[KEYS];
    String value = "v".repeat(VALUE_SIZE);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
    }
    URI uri = URI.create(redisUri + "?namespace=bench-" + UUID.randomUUID().toString().substring(0, 8));
    CacheManager strata = Caching.getCachingProvider(StrataCachingProvider.class.getName())
        .getCacheManager(uri, NearCacheBenchmark.class.getClassLoader());
    CacheManager caffeine = Caching.getCachingProvider(CAFFEINE_PROVIDER).getCacheManager();
    Config config = new Config();
    config.useSingleServer().setAddress(redisUri);
    RedissonClient redisson = Redisson.create(config);
    try {
      Cache<String, String> nearBytes = strata.createCache("near-bytes", nearConfig(NearCacheSettings.Format.BYTES));
      Cache<String, String> nearObject = strata.createCache("near-object", nearConfig(NearCacheSettings.Format.OBJECT));
      // the same near cache with JCache statistics on: what counters and the get.near timer cost a hit
      StrataConfiguration<String, String> statsConfig = nearConfig(NearCacheSettings.Format.OBJECT);
      statsConfig.setStatisticsEnabled(true);
      Cache<String, String> nearStats = strata.createCache("near-object-stats", statsConfig);
      Cache<String, String> remote = strata.createCache("remote",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Cache<String, String> local = caffeine.createCache("local",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      List<RBucket<String>> buckets = new ArrayList<>();
      for (String k : keys) {
        nearBytes.put(k, value);
        nearObject.put(k, value);
        nearStats.put(k, value);
        remote.put(k, value);
        local.put(k, value);
        RBucket<String> bucket = redisson.getBucket("bench-raw:" + k, StringCodec.INSTANCE);
        bucket.set(value);
        buckets.add(bucket);
      }
      warmNearCache(nearBytes, keys);
      warmNearCache(nearObject, keys);
      warmNearCache(nearStats, keys);

      long memoryOps = quick ? 500_000 : 2_000_000;
      long remoteOps = quick ? 5_000 : 20_000;
      Map<String, Function<Long, Long>> subjects = new LinkedHashMap<>();
      subjects.put("Caffeine JCache get", n -> loop(n, keys, local::get));
      subjects.put("Strata near hit get (bytes)", n -> loop(n, keys, nearBytes::get));
      subjects.put("Strata near hit get (object)", n -> loop(n, keys, nearObject::get));
      subjects.put("Strata near hit get (object, statistics on)", n -> loop(n, keys, nearStats::get));
      subjects.put("Redisson bucket GET", n -> loop(n, buckets, RBucket::get));
      subjects.put("Strata remote get", n -> loop(n, keys, remote::get));
      Map<String, long[]> nanosPerOp = new LinkedHashMap<>();
      subjects.keySet().forEach(name -> nanosPerOp.put(name, new long[rounds]));

      System.out.printf("%d keys, %d-byte values, %d rounds (+1 warm-up), %d in-memory / %d remote gets per round%n",
          KEYS, VALUE_SIZE, rounds, memoryOps, remoteOps);
      for (int round = -1; round < rounds; round++) {
        for (Map.Entry<String, Function<Long, Long>> s : subjects.entrySet()) {
          long ops = s.getKey().contains("remote") || s.getKey().contains("bucket") ? remoteOps : memoryOps;
          long nanos = s.getValue().apply(ops);
          if (round >= 0) {
            nanosPerOp.get(s.getKey())[round] = nanos / ops;
          }
        }
        System.out.printf("  round %d/%d done%n", round + 1, rounds);
      }
      System.out.println();
      System.out.printf("%-44s %14s%n", "subject", "median ns/op");
      nanosPerOp.forEach((name, values) -> System.out.printf("%-44s %14d%n", name, median(values)));
      long caffeineNs = median(nanosPerOp.get("Caffeine JCache get"));
      long rawNs = median(nanosPerOp.get("Redisson bucket GET"));
      System.out.println();
      System.out.printf("near hit (bytes)  / Caffeine JCache get : %.2fx  (target: within 3x)%n",
          ratio(nanosPerOp.get("Strata near hit get (bytes)"), caffeineNs));
      System.out.printf("near hit (object) / Caffeine JCache get : %.2fx  (target: within 3x)%n",
          ratio(nanosPerOp.get("Strata near hit get (object)"), caffeineNs));
      System.out.printf("near hit, statistics on / off        : %.2fx%n",
          ratio(nanosPerOp.get("Strata near hit get (object, statistics on)"),
              median(nanosPerOp.get("Strata near hit get (object)"))));
      System.out.printf("remote get        / Redisson bucket GET : %.2fx  (target: within 1.3x)%n",
          ratio(nanosPerOp.get("Strata remote get"), rawNs));
      NearCache near = nearBytes.unwrap(StrataCache.class).nearCache();
      System.out.printf("near cache (bytes): %d hits, %d misses during the run%n", near.metrics().hits(),
          near.metrics().misses());
    } finally {
      redisson.shutdown();
      strata.close();
      caffeine.close();
    }
  }

  private static StrataConfiguration<String, String> nearConfig(NearCacheSettings.Format format) {
    StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
        .setNearCache(NearCacheSettings.builder().maxEntries(10 * KEYS).format(format).build());
    config.setTypes(String.class, String.class);
    return config;
  }

  /** Reads every key until each read is a near hit, so that the measured loop measures hits. */
  private static void warmNearCache(Cache<String, String> cache, String[] keys) throws InterruptedException {
    NearCache near = cache.unwrap(StrataCache.class).nearCache();
    for (int attempt = 0; attempt < 100; attempt++) {
      long misses = near.metrics().misses();
      for (String k : keys) {
        cache.get(k);
      }
      if (near.metrics().misses() == misses) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the near cache of " + cache.getName() + " does not settle");
  }

  private static <T> long loop(long ops, T[] items, Function<T, String> get) {
    return loop(ops, Arrays.asList(items), get);
  }

  private static <T> long loop(long ops, List<T> items, Function<T, String> get) {
    int n = items.size();
    long sink = 0;
    long start = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      String v = get.apply(items.get((int) (i % n)));
      sink += v.length();
    }
    long nanos = System.nanoTime() - start;
    if (sink != ops * VALUE_SIZE) {
      throw new IllegalStateException("a read returned a wrong value");
    }
    return nanos;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double ratio(long[] values, long baseline) {
    return (double) median(values) / Math.max(1, baseline);
  }
}
