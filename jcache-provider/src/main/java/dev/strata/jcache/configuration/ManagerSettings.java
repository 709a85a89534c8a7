package dev.strata.jcache.configuration;

import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.store.CallPolicy;
import dev.strata.jcache.store.Durability;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The settings of one cache manager, read once from its URI and properties (each property may also
 * be given as a JVM system property of the same name; the manager's properties win). Immutable.
 *
 * <p>URIs: {@code redis://[user:password@]host:port[/database][?namespace=name]} and {@code rediss://}
 * name one Redis server; {@code file:/path/redisson.yaml} and {@code classpath:redisson.yaml} name a
 * Redisson configuration file for anything richer (Sentinel, Cluster, TLS, pools). Any other URI is
 * a logical name: the manager connects to {@code strata.redis} (default: the provider's default URI)
 * and uses the URI itself as its namespace.
 */
public final class ManagerSettings {

  /** System property naming the provider's default URI. */
  public static final String DEFAULT_URI_PROPERTY = "strata.uri";
  /** The default URI when {@link #DEFAULT_URI_PROPERTY} is not set. */
  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";

  static final String NAMESPACE = "strata.namespace";
  static final String REDIS = "strata.redis";
  static final String SEGMENTS = "strata.segments";
  static final String ALLOW = "strata.serialization.allow";
  static final String SWEEP_INTERVAL = "strata.expiry.sweep-interval-ms";
  static final String CONNECT_TIMEOUT = "strata.redis.connect-timeout-ms";
  static final String TIMEOUT = "strata.redis.timeout-ms";
  static final String DEADLINE = "strata.redis.deadline-ms";
  static final String POOL_SIZE = "strata.redis.pool-size";
  static final String IO_THREADS = "strata.redis.io-threads";
  static final String RETRY_ATTEMPTS = "strata.redis.retry-attempts";
  static final String RETRY_INTERVAL = "strata.redis.retry-interval-ms";
  static final String WAIT_REPLICAS = "strata.redis.wait-replicas";
  static final String PUBSUB = "strata.pubsub";
  static final String WAIT_TIMEOUT = "strata.redis.wait-timeout-ms";
  static final String NEAR_CACHE_FILE = "strata.near-cache.config";
  static final String NEAR_CHECK_INTERVAL = "strata.near-cache.check-interval-ms";
  static final String MAX_VALUE_BYTES = "strata.max-value-bytes";

  private final URI uri;
  private final String namespace;
  private final RedisEndpoint endpoint;
  private final int segments;
  private final List<String> allowPatterns;
  private final long sweepIntervalMillis;
  private final int connectTimeoutMillis;
  private final int timeoutMillis;
  private final int deadlineMillis;
  private final int poolSize;
  private final int ioThreads;
  private final int retryAttempts;
  private final int retryIntervalMillis;
  private final int waitReplicas;
  private final PubSub pubSub;
  private final int waitTimeoutMillis;
  private final String nearCacheFile;
  private final int nearCheckIntervalMillis;
  private final int maxValueBytes;

  private ManagerSettings(URI uri, Properties properties) {
    this.uri = uri;
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String queryNamespace = queryParameter(uri, "namespace");
    String configured = property(properties, NAMESPACE, null);
    if (scheme.equals("redis") || scheme.equals("rediss")) {
      this.endpoint = RedisEndpoint.server(uri);
      this.namespace = firstNonNull(queryNamespace, configured, "default");
    } else if (RedisEndpoint.isMultiNode(scheme)) {
      this.endpoint = RedisEndpoint.multiNode(uri);
      this.namespace = firstNonNull(queryNamespace, configured, "default");
    } else if (isYaml(uri)) {
      this.endpoint = RedisEndpoint.yaml(uri);
      this.namespace = firstNonNull(queryNamespace, configured, "default");
    } else {
      URI target = URI.create(property(properties, REDIS, defaultUri().toString()));
      String targetScheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
      this.endpoint = isYaml(target) ? RedisEndpoint.yaml(target)
          : RedisEndpoint.isMultiNode(targetScheme) ? RedisEndpoint.multiNode(target) : RedisEndpoint.server(target);
      this.namespace = firstNonNull(configured, uri.toString());
    }
    // a cluster spreads a cache by its segments' hash tags: more segments, more masters used
    int defaultSegments = endpoint.topology() == RedisEndpoint.Topology.CLUSTER ? 64 : 4;
    this.segments = intProperty(properties, SEGMENTS, defaultSegments, 1, 16_384);
    this.allowPatterns = splitList(property(properties, ALLOW, ""));
    this.sweepIntervalMillis = intProperty(properties, SWEEP_INTERVAL, 1_000, 10, 3_600_000);
    this.connectTimeoutMillis = intProperty(properties, CONNECT_TIMEOUT, 5_000, 100, 600_000);
    this.timeoutMillis = intProperty(properties, TIMEOUT, (int) CallPolicy.DEFAULT.timeoutMillis(), 100, 600_000);
    this.deadlineMillis = intProperty(properties, DEADLINE, Math.max((int) CallPolicy.DEFAULT.deadlineMillis(),
        timeoutMillis), 100, 3_600_000);
    // short, even retries within the deadline: a command caught by a failover is sent again soon
    // after the new master is known, instead of after Redisson's growing 1-2 s back-off
    this.retryAttempts = intProperty(properties, RETRY_ATTEMPTS, 10, 0, 1_000);
    this.retryIntervalMillis = intProperty(properties, RETRY_INTERVAL, 300, 10, 60_000);
    this.waitReplicas = intProperty(properties, WAIT_REPLICAS, 0, 0, 100);
    this.waitTimeoutMillis = intProperty(properties, WAIT_TIMEOUT, 1_000, 1, 600_000);
    this.pubSub = PubSub.parse(property(properties, PUBSUB, "auto"));
    this.poolSize = intProperty(properties, POOL_SIZE, 32, 1, 10_000);
    this.ioThreads = intProperty(properties, IO_THREADS, defaultIoThreads(), 1, 256);
    this.nearCacheFile = firstNonNull(queryParameter(uri, "near-cache"), property(properties, NEAR_CACHE_FILE, null));
    this.nearCheckIntervalMillis = intProperty(properties, NEAR_CHECK_INTERVAL, 500, 10, 60_000);
    this.maxValueBytes = intProperty(properties, MAX_VALUE_BYTES, KryoCodec.DEFAULT_MAX_ENCODED_BYTES, 1024, 512 << 20);
  }

  /**
   * Reads the settings of the manager at {@code uri}.
   *
   * @throws IllegalArgumentException naming the setting when a value is invalid
   */
  public static ManagerSettings of(URI uri, Properties properties) {
    return new ManagerSettings(uri, properties == null ? new Properties() : properties);
  }

  /** The provider's default URI: the {@code strata.uri} system property, else {@value #DEFAULT_URI}. */
  public static URI defaultUri() {
    return URI.create(System.getProperty(DEFAULT_URI_PROPERTY, DEFAULT_URI));
  }

  /** The manager's URI. */
  public URI uri() {
    return uri;
  }

  /** The namespace that prefixes every key of the manager's caches. */
  public String namespace() {
    return namespace;
  }

  /** Where Redis is. */
  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /** How often Redisson sends a command again that could not be sent or was not answered in time. */
  public int retryAttempts() {
    return retryAttempts;
  }

  /** Milliseconds between two attempts of one command. */
  public int retryIntervalMillis() {
    return retryIntervalMillis;
  }

  /** Deadlines and re-sends of every call to Redis. */
  public CallPolicy callPolicy() {
    return new CallPolicy(timeoutMillis, deadlineMillis, retryIntervalMillis, retryAttempts);
  }

  /** How event messages travel between JVMs. */
  public enum PubSub {
    /** Sharded per segment on a Redis Cluster whose masters all run Redis 7 or later, else global. */
    AUTO,
    /** One sharded channel per segment ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7 or later). */
    SHARDED,
    /** One channel per namespace ({@code PUBLISH}); on a Cluster every node forwards every message. */
    GLOBAL;

    static PubSub parse(String raw) {
      try {
        return valueOf(raw.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("setting " + PUBSUB + " must be auto, sharded or global, was '" + raw
            + "'");
      }
    }
  }

  /** How event messages travel: {@code strata.pubsub}. */
  public PubSub pubSub() {
    return pubSub;
  }

  /** Replicas that must acknowledge each write (0 = none) and how long to wait for them. */
  public Durability durability() {
    return new Durability(waitReplicas, waitTimeoutMillis);
  }

  /** Segments per cache. */
  public int segments() {
    return segments;
  }

  /** User patterns of classes allowed for deserialization. */
  public List<String> allowPatterns() {
    return allowPatterns;
  }

  /** How often expired entries nobody read are swept, in milliseconds. */
  public long sweepIntervalMillis() {
    return sweepIntervalMillis;
  }

  /** Connect timeout in milliseconds. */
  public int connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  /** Command timeout in milliseconds. */
  public int timeoutMillis() {
    return timeoutMillis;
  }

  /** Maximum connections to one Redis node. */
  public int poolSize() {
    return poolSize;
  }

  /**
   * Network I/O threads of the manager's Redis client. An event loop per core is what the client
   * can keep busy; more only add thread wake-ups (on a 2-core machine 8 loops took about twice
   * the CPU per operation of 2).
   */
  public int ioThreads() {
    return ioThreads;
  }

  private static int defaultIoThreads() {
    return Math.max(2, Math.min(16, Runtime.getRuntime().availableProcessors()));
  }

  /** Where the near-cache file is ({@code ?near-cache=} in the URI, else {@value #NEAR_CACHE_FILE}), or null. */
  public String nearCacheFile() {
    return nearCacheFile == null || nearCacheFile.isBlank() ? null : nearCacheFile;
  }

  /** How often near caches compare their sequence numbers with Redis, in milliseconds. */
  public int nearCheckIntervalMillis() {
    return nearCheckIntervalMillis;
  }

  /** The largest encoded size of a key or value, in bytes: {@code strata.max-value-bytes}. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  private static boolean isYaml(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String path = uri.getSchemeSpecificPart() == null ? "" : uri.getSchemeSpecificPart().toLowerCase(Locale.ROOT);
    return (scheme.equals("file") || scheme.equals("classpath")) && (path.endsWith(".yaml") || path.endsWith(".yml"));
  }

  private static String property(Properties properties, String name, String fallback) {
    String value = properties.getProperty(name);
    if (value == null) {
      value = System.getProperty(name);
    }
    return value == null ? fallback : value.trim();
  }

  private static int intProperty(Properties properties, String name, int fallback, int min, int max) {
    String raw = property(properties, name, null);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + name + " must be a whole number, was '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("setting " + name + " must be between " + min + " and " + max
          + ", was " + value);
    }
    return value;
  }

  private static List<String> splitList(String raw) {
    List<String> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return List.copyOf(out);
  }

  private static String queryParameter(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
