package dev.strata.bench;

import dev.strata.jcache.spi.StrataCachingProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** Every client a run needs, on one Redis deployment, and the subjects made from them. */
final class Clients implements AutoCloseable {

  private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  private static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";

  /** Near-cache bound of every subject that has one. */
  static final int NEAR_ENTRIES = 10_000;

  private final String redis;
  private final String namespace;
  private final CacheManager strata;
  private final RedissonClient stringClient;
  private final CacheManager redissonJCache;
  private final CacheManager caffeine;

  private Clients(String redis, String namespace) throws IOException {
    this.redis = redis;
    this.namespace = namespace;
    URI strataUri = URI.create(isYaml(redis) ? redis : redis + "?namespace=" + namespace);
    java.util.Properties props = new java.util.Properties();
    props.setProperty("strata.namespace", namespace);
    this.strata = Caching.getCachingProvider(StrataCachingProvider.class.getName())
        .getCacheManager(strataUri, Clients.class.getClassLoader(), props);
    Config config = isYaml(redis) ? Config.fromYAML(new File(URI.create(redis))) : new Config();
    if (redis.startsWith("redis-cluster://")) {
      // the peers get the same cluster, seeded by the same nodes
      var servers = config.useClusterServers().setMasterConnectionPoolSize(32).setMasterConnectionMinimumIdleSize(8);
      for (String node : redis.substring("redis-cluster://".length()).split(",")) {
        servers.addNodeAddress("redis://" + node);
      }
    } else if (!isYaml(redis)) {
      config.useSingleServer().setAddress(redis).setConnectionPoolSize(32).setConnectionMinimumIdleSize(8);
    }
    config.setCodec(StringCodec.INSTANCE);
    this.stringClient = Redisson.create(config);
    this.redissonJCache = Caching.getCachingProvider(REDISSON_PROVIDER).getCacheManager();
    this.caffeine = Caching.getCachingProvider(CAFFEINE_PROVIDER).getCacheManager();
  }

  /** Opens the clients on {@code redis} (redis:// URI or file: YAML URI); names are prefixed by {@code namespace}. */
  static Clients open(String redis, String namespace) throws IOException {
    return new Clients(redis, namespace);
  }

  private static boolean isYaml(String redis) {
    String r = redis.toLowerCase(Locale.ROOT);
    return r.startsWith("file:") && (r.endsWith(".yaml") || r.endsWith(".yml"));
  }

  /** A subject by name for a workload; {@code cacheName} is unique per workload. */
  Subject subject(String name, String cacheName) {
    String qualified = namespace + ":" + cacheName;
    return switch (name) {
      case Subjects.STRATA_NEAR -> Subjects.strata(strata, cacheName + "-near", true, NEAR_ENTRIES);
      case Subjects.STRATA -> Subjects.strata(strata, cacheName, false, NEAR_ENTRIES);
      case Subjects.REDISSON_JCACHE -> Subjects.redissonJCache(redissonJCache, stringClient, qualified + "-jcache");
      case Subjects.LOCAL_CACHED_MAP -> Subjects.localCachedMap(stringClient, qualified + "-lcm", NEAR_ENTRIES);
      case Subjects.RAW -> Subjects.raw(stringClient, qualified + "-raw:");
      case Subjects.CAFFEINE -> Subjects.caffeine(caffeine, qualified + "-caffeine");
      default -> throw new IllegalArgumentException("unknown subject " + name);
    };
  }

  /** The subject of the coherence run in each process: same cache or map name in both. */
  Subject coherenceSubject(String name) {
    return switch (name) {
      case Subjects.STRATA_NEAR -> keep(Subjects.strata(strata, "coherence", true, NEAR_ENTRIES));
      case Subjects.LOCAL_CACHED_MAP -> keep(Subjects.localCachedMap(stringClient, namespace + ":coherence",
          NEAR_ENTRIES));
      default -> throw new IllegalArgumentException("no coherence run for " + name);
    };
  }

  /** The Redis server version and topology, for the report's header. */
  String describeRedis() {
    String topology = stringClient.getConfig().isClusterConfig() ? "cluster"
        : stringClient.getConfig().isSentinelConfig() ? "sentinel" : "standalone";
    String version = "unknown";
    try {
      if (topology.equals("standalone")) {
        version = stringClient.getRedisNodes(RedisNodes.SINGLE).getInstance()
            .info(org.redisson.api.redisnode.RedisNode.InfoSection.SERVER).get("redis_version");
      } else if (topology.equals("cluster")) {
        var masters = stringClient.getRedisNodes(RedisNodes.CLUSTER).getMasters();
        version = masters.iterator().next().info(org.redisson.api.redisnode.RedisNode.InfoSection.SERVER)
            .get("redis_version");
        topology = "cluster of " + masters.size() + " masters";
      }
    } catch (RuntimeException e) {
      version = "unknown (" + e.getMessage() + ")";
    }
    return "Redis " + version + ", " + topology + " at " + redis;
  }

  private static Subject keep(Subject s) {
    return new Subject() {
      @Override
      public String name() {
        return s.name();
      }

      @Override
      public String get(String key) {
        return s.get(key);
      }

      @Override
      public void put(String key, String value) {
        s.put(key, value);
      }

      @Override
      public java.util.Map<String, String> getAll(java.util.Set<String> keys) {
        return s.getAll(keys);
      }

      @Override
      public void putAll(java.util.Map<String, String> entries) {
        s.putAll(entries);
      }

      @Override
      public void close() {
        // the other process may still read it; the run's namespace is cleaned up by the reader
      }
    };
  }

  @Override
  public void close() {
    strata.close();
    redissonJCache.close();
    caffeine.close();
    stringClient.shutdown();
  }
}
