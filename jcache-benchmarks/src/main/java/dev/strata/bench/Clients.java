package dev.strata.bench;

import dev.strata.jcache.configuration.EvictionPolicy;
import dev.strata.jcache.spi.StrataCachingProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNode.InfoSection;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** Every client a run needs, on one Redis deployment, and the subjects made from them. */
final class Clients implements AutoCloseable {

  private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  private static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";

  /** Near-cache bound of every subject that has one. */
  static final int NEAR_ENTRIES = 10_000;

  /** Key id of the encrypted subject's key. */
  static final String ENCRYPTION_KEY_ID = "bench";

  private final String redis;
  private final String namespace;
  private final CacheManager strata;
  private final Config redissonConfig;
  /** One Redisson client per value codec: Redisson's JCache takes its codec from its client. */
  private final Map<Codec, RedissonClient> redissonByCodec = new HashMap<>();
  private final RedissonClient stringClient;
  private final CacheManager redissonJCache;
  private final CacheManager caffeine;

  private Clients(String redis, String namespace) throws IOException {
    this.redis = redis;
    this.namespace = namespace;
    URI strataUri = URI.create(isYaml(redis) ? redis : redis + "?namespace=" + namespace);
    java.util.Properties props = new java.util.Properties();
    props.setProperty("strata.namespace", namespace);
    props.setProperty("strata.encryption.keys", ENCRYPTION_KEY_ID + "=file:" + encryptionKeyFile());
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
    this.redissonConfig = config;
    this.stringClient = redisson(StringCodec.INSTANCE);
    this.redissonJCache = Caching.getCachingProvider(REDISSON_PROVIDER).getCacheManager();
    this.caffeine = Caching.getCachingProvider(CAFFEINE_PROVIDER).getCacheManager();
  }

  /** A fresh random AES-256 key for the encrypted subject, in a file only this user can read, removed on exit. */
  private static String encryptionKeyFile() throws IOException {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("strata-bench-key", ".b64",
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    file.toFile().deleteOnExit();
    java.nio.file.Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
    return file.toString();
  }

  /** Opens the clients on {@code redis} (redis:// URI or file: YAML URI); names are prefixed by {@code namespace}. */
  static Clients open(String redis, String namespace) throws IOException {
    return new Clients(redis, namespace);
  }

  private static boolean isYaml(String redis) {
    String r = redis.toLowerCase(Locale.ROOT);
    return r.startsWith("file:") && (r.endsWith(".yaml") || r.endsWith(".yml"));
  }

  /** The Redisson client whose codec is {@code codec}, opened on first use. */
  private RedissonClient redisson(Codec codec) {
    return redissonByCodec.computeIfAbsent(codec, c -> Redisson.create(new Config(redissonConfig).setCodec(c)));
  }

  /** A subject by name for a workload; {@code cacheName} is unique per workload. */
  <V> Subject<V> subject(String name, String cacheName, ValueType<V> values, int keyCount) {
    String qualified = namespace + ":" + cacheName;
    return switch (name) {
      case Subjects.STRATA_NEAR -> Subjects.strata(strata, cacheName + "-near", true, NEAR_ENTRIES, values);
      case Subjects.STRATA -> Subjects.strata(strata, cacheName, false, NEAR_ENTRIES, values);
      case Subjects.REDISSON_JCACHE -> Subjects.redissonJCache(redissonJCache, redisson(values.codec()),
          qualified + "-jcache", values);
      case Subjects.LOCAL_CACHED_MAP -> Subjects.localCachedMap(redisson(values.codec()), qualified + "-lcm",
          NEAR_ENTRIES, values);
      case Subjects.RAW -> Subjects.raw(redisson(values.codec()), qualified + "-raw:", values);
      case Subjects.CAFFEINE -> Subjects.caffeine(caffeine, qualified + "-caffeine", values);
      case Subjects.STRATA_LRU -> bounded(name, cacheName + "-lru", values, EvictionPolicy.LRU, keyCount);
      case Subjects.STRATA_LFU -> bounded(name, cacheName + "-lfu", values, EvictionPolicy.LFU, keyCount);
      case Subjects.STRATA_FIFO -> bounded(name, cacheName + "-fifo", values, EvictionPolicy.FIFO, keyCount);
      case Subjects.STRATA_LZ4 -> Subjects.strataWithPolicy(strata, name, cacheName + "-lz4", values,
          c -> c.setCompressAbove(512));
      case Subjects.STRATA_AES -> Subjects.strataWithPolicy(strata, name, cacheName + "-aes", values,
          c -> c.setEncryptionKeyId(ENCRYPTION_KEY_ID));
      default -> throw new IllegalArgumentException("unknown subject " + name);
    };
  }

  /**
   * A bounded Strata subject holding 90% of the workload's key space, so that about one write in
   * ten of a uniform workload creates an entry and evicts another.
   */
  private <V> Subject<V> bounded(String name, String cacheName, ValueType<V> values, EvictionPolicy policy,
      int keyCount) {
    return Subjects.strataWithPolicy(strata, name, cacheName, values,
        c -> c.setMaxEntries(keyCount * 9L / 10).setEvictionPolicy(policy));
  }

  /** The subject of the coherence run in each process: same cache or map name in both. */
  Subject<String> coherenceSubject(String name) {
    Subject<String> shared = switch (name) {
      case Subjects.STRATA_NEAR -> Subjects.strata(strata, "coherence", true, NEAR_ENTRIES, ValueType.STRINGS);
      case Subjects.LOCAL_CACHED_MAP -> Subjects.localCachedMap(stringClient, namespace + ":coherence",
          NEAR_ENTRIES, ValueType.STRINGS);
      default -> throw new IllegalArgumentException("no coherence run for " + name);
    };
    return new ForwardingSubject<>(shared) {
      @Override
      public void close() {
        // the other process may still read it; the run's namespace is cleaned up by the reader
      }
    };
  }

  /** The Redis server version and topology, for the report's header. */
  String describeRedis() {
    Config config = stringClient.getConfig();
    String topology = config.isClusterConfig() ? "cluster" : config.isSentinelConfig() ? "sentinel"
        : config.isSingleConfig() ? "standalone" : "master and replicas";
    String version;
    try {
      List<? extends RedisNode> masters = masters();
      version = masters.get(0).info(InfoSection.SERVER).get("redis_version");
      if (config.isClusterConfig()) {
        topology = "cluster of " + masters.size() + " masters";
      }
    } catch (RuntimeException e) {
      version = "unknown (" + e.getMessage() + ")";
    }
    return "Redis " + version + ", " + topology + " at " + redis;
  }

  /**
   * What every Redis master has run so far ({@code INFO commandstats}, added up), for the Redis
   * cost of each subject. It counts every client's commands, the background work of caches that
   * are not being measured included.
   */
  CommandStats commandStats() {
    return CommandStats.read(masters());
  }

  /** The masters: every subject's commands run there (replicas only replay writes). */
  private List<? extends RedisNode> masters() {
    Config config = stringClient.getConfig();
    if (config.isClusterConfig()) {
      return List.copyOf(stringClient.getRedisNodes(RedisNodes.CLUSTER).getMasters());
    }
    if (config.isSentinelConfig()) {
      return List.of(stringClient.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
    }
    if (config.isSingleConfig()) {
      return List.of(stringClient.getRedisNodes(RedisNodes.SINGLE).getInstance());
    }
    return List.of(stringClient.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
  }

  @Override
  public void close() {
    strata.close();
    redissonJCache.close();
    caffeine.close();
    redissonByCodec.values().forEach(RedissonClient::shutdown);
  }
}
