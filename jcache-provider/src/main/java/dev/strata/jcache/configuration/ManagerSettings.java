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
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The settings of one cache manager, read once from its URI and properties (each property may also
 * be given as a JVM system property of the same name; the manager's properties win). Immutable.
 *
 * <p>URIs: {@code redis://[user:password@]host:port[/database][?namespace=name]} and {@code rediss://}
 * name one Redis server, {@code redis-cluster://} and {@code redis-sentinel://} a Cluster or Sentinel
 * deployment. A YAML file named by {@code classpath:}, {@code file:} or {@code jar:} (Spring Boot's
 * {@code jar:nested:} included) is a {@link StrataFile} when its top-level key is {@code strata:},
 * else a Redisson configuration for anything richer (TLS, pools). Any other URI is a logical name:
 * the manager connects to {@code strata.redis} (default: the provider's default URI) and uses the
 * URI itself as its namespace.
 *
 * <p>A property is taken from the manager's properties, else the JVM system property of the same
 * name, else the Strata file's {@code properties:}. The allow-list is the union of the property and
 * the file's {@code serialization.allow}.
 */
public final class ManagerSettings {

  /** System property naming the provider's default URI. */
  public static final String DEFAULT_URI_PROPERTY = "strata.uri";
  /** The default URI when {@link #DEFAULT_URI_PROPERTY} is not set and there is no {@value #DEFAULT_FILE}. */
  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
  /** The Strata file the provider's default URI names when it is at the root of the class path. */
  public static final String DEFAULT_FILE = "strata.yaml";
  /** The properties form of the Strata file that the default URI names when there is no {@link #DEFAULT_FILE}. */
  public static final String DEFAULT_PROPERTIES_FILE = "strata.properties";

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
  /** The manager's Dropwizard {@code MetricRegistry}: the object itself, or a name in {@code SharedMetricRegistries}. */
  public static final String METRICS_REGISTRY = "strata.metrics.registry";
  /** The manager's {@code HealthCheckRegistry}: the object itself, or a name in {@code SharedHealthCheckRegistries}. */
  public static final String HEALTH_REGISTRY = "strata.health.registry";
  static final String METRICS_PREFIX = "strata.metrics.prefix";
  static final String PROBE_INTERVAL = "strata.health.probe-interval-ms";
  static final String REDIS_LATENCY = "strata.health.redis-latency-ms";
  static final String MIN_HIT_RATIO = "strata.health.min-hit-ratio";
  static final String MAX_P99 = "strata.health.max-p99-ms";
  static final String CIRCUIT_THRESHOLD = "strata.circuit-breaker.failure-threshold";
  static final String CIRCUIT_PROBE = "strata.circuit-breaker.probe-interval-ms";
  static final String ASYNC_THREADS = "strata.async.threads";
  static final String ENCRYPTION_KEYS = "strata.encryption.keys";
  /** Every manager property; the Strata file's {@code properties:} may hold only these. */
  static final Set<String> PROPERTY_NAMES = Set.of(NAMESPACE, REDIS, SEGMENTS, ALLOW, SWEEP_INTERVAL,
      CONNECT_TIMEOUT, TIMEOUT, DEADLINE, POOL_SIZE, RETRY_ATTEMPTS, RETRY_INTERVAL, WAIT_REPLICAS, PUBSUB,
      WAIT_TIMEOUT, NEAR_CACHE_FILE, NEAR_CHECK_INTERVAL, MAX_VALUE_BYTES, IO_THREADS, METRICS_REGISTRY,
      HEALTH_REGISTRY, METRICS_PREFIX, PROBE_INTERVAL, REDIS_LATENCY, MIN_HIT_RATIO, MAX_P99, CIRCUIT_THRESHOLD,
      CIRCUIT_PROBE, ASYNC_THREADS, ENCRYPTION_KEYS);

  private final URI uri;
  private final Properties properties;
  private final StrataFile file;
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
  private final ObservabilitySettings observability;
  private final int circuitFailureThreshold;
  private final int circuitProbeIntervalMillis;
  private final int asyncThreads;
  private final Map<String, javax.crypto.SecretKey> encryptionKeys;

  private ManagerSettings(URI uri, Properties properties, ClassLoader classLoader) {
    this.uri = uri;
    this.properties = properties;
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String queryNamespace = queryParameter(uri, "namespace");
    StrataFile strata = null;
    if (scheme.equals("redis") || scheme.equals("rediss")) {
      this.endpoint = RedisEndpoint.server(uri);
    } else if (RedisEndpoint.isMultiNode(scheme)) {
      this.endpoint = RedisEndpoint.multiNode(uri);
    } else if (ConfigurationResources.isYaml(uri)) {
      // a YAML whose top-level key is strata: is a Strata file; any other is a Redisson configuration
      strata = StrataFile.readIfStrata(uri, classLoader);
      this.endpoint = strata == null ? RedisEndpoint.yaml(uri) : endpointOf(strata, properties);
    } else if (ConfigurationResources.isProperties(uri)) {
      strata = StrataFile.readProperties(uri, classLoader);
      this.endpoint = endpointOf(strata, properties);
    } else {
      this.endpoint = logicalTarget(properties, classLoader);
    }
    this.file = strata;
    String configured = property(NAMESPACE, null);
    if (strata != null && configured == null) {
      configured = strata.namespace();
    }
    boolean logical = !scheme.equals("redis") && !scheme.equals("rediss") && !RedisEndpoint.isMultiNode(scheme)
        && !ConfigurationResources.isYaml(uri) && !ConfigurationResources.isProperties(uri);
    this.namespace = logical ? firstNonNull(configured, uri.toString())
        : firstNonNull(queryNamespace, configured, "default");
    // a cluster spreads a cache by its segments' hash tags: more segments, more masters used
    int defaultSegments = endpoint.topology() == RedisEndpoint.Topology.CLUSTER ? 64 : 4;
    this.segments = intProperty(SEGMENTS, defaultSegments, 1, 16_384);
    List<String> allow = new ArrayList<>(splitList(property(ALLOW, "")));
    if (file != null) {
      // the file's list adds to one given in code or as a system property: each names trusted classes
      file.allow().stream().filter(p -> !allow.contains(p)).forEach(allow::add);
    }
    this.allowPatterns = List.copyOf(allow);
    this.sweepIntervalMillis = intProperty(SWEEP_INTERVAL, 1_000, 10, 3_600_000);
    this.connectTimeoutMillis = intProperty(CONNECT_TIMEOUT, 5_000, 100, 600_000);
    this.timeoutMillis = intProperty(TIMEOUT, (int) CallPolicy.DEFAULT.timeoutMillis(), 100, 600_000);
    this.deadlineMillis = intProperty(DEADLINE, Math.max((int) CallPolicy.DEFAULT.deadlineMillis(),
        timeoutMillis), 100, 3_600_000);
    // short, even retries within the deadline: a command caught by a failover is sent again soon
    // after the new master is known, instead of after Redisson's growing 1-2 s back-off
    this.retryAttempts = intProperty(RETRY_ATTEMPTS, 10, 0, 1_000);
    this.retryIntervalMillis = intProperty(RETRY_INTERVAL, 300, 10, 60_000);
    this.waitReplicas = intProperty(WAIT_REPLICAS, 0, 0, 100);
    this.waitTimeoutMillis = intProperty(WAIT_TIMEOUT, 1_000, 1, 600_000);
    this.pubSub = PubSub.parse(property(PUBSUB, "auto"), this);
    this.poolSize = intProperty(POOL_SIZE, 32, 1, 10_000);
    this.ioThreads = intProperty(IO_THREADS, defaultIoThreads(), 1, 256);
    this.nearCacheFile = firstNonNull(queryParameter(uri, "near-cache"), property(NEAR_CACHE_FILE, null));
    this.nearCheckIntervalMillis = intProperty(NEAR_CHECK_INTERVAL, 500, 10, 60_000);
    this.maxValueBytes = intProperty(MAX_VALUE_BYTES, KryoCodec.DEFAULT_MAX_ENCODED_BYTES, 1024, 512 << 20);
    this.observability = readObservability();
    // two attempts in a row without an answer: a frozen or unreachable node costs a caller about
    // one call's deadline, then calls fail at once until a PING is answered
    this.circuitFailureThreshold = intProperty(CIRCUIT_THRESHOLD, 2, 0, 1_000);
    this.circuitProbeIntervalMillis = intProperty(CIRCUIT_PROBE, 500, 10, 600_000);
    // calls of the async API wait for Redis on these threads: enough to keep a round trip's worth
    // of calls in flight per core
    this.encryptionKeys = EncryptionKeys.read(property(ENCRYPTION_KEYS, null), System::getenv);
    this.asyncThreads = intProperty(ASYNC_THREADS, Math.max(4, 4 * Runtime.getRuntime().availableProcessors()), 1,
        1_024);
  }

  /** The manager's encryption keys by id (empty: none configured). */
  public Map<String, javax.crypto.SecretKey> encryptionKeys() {
    return encryptionKeys;
  }

  /** Threads that run the calls of the caches' async views. */
  public int asyncThreads() {
    return asyncThreads;
  }

  /** Attempts in a row without an answer that open a node's circuit; 0: no circuit breaker. */
  public int circuitFailureThreshold() {
    return circuitFailureThreshold;
  }

  /** How often an open circuit's node is sent a PING. */
  public int circuitProbeIntervalMillis() {
    return circuitProbeIntervalMillis;
  }

  private ObservabilitySettings readObservability() {
    String prefix = property(METRICS_PREFIX, "strata");
    if (!prefix.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw invalid(METRICS_PREFIX, prefix, "must start with a letter or '_' and hold only letters, digits, '_', '.' "
          + "and '-'");
    }
    String ratio = property(MIN_HIT_RATIO, "0");
    double minHitRatio;
    try {
      minHitRatio = Double.parseDouble(ratio);
    } catch (NumberFormatException e) {
      throw invalid(MIN_HIT_RATIO, ratio, "must be a number between 0 and 1");
    }
    if (!(minHitRatio >= 0 && minHitRatio <= 1)) {
      throw invalid(MIN_HIT_RATIO, ratio, "must be a number between 0 and 1");
    }
    return new ObservabilitySettings(prefix, registryOf(METRICS_REGISTRY), registryOf(HEALTH_REGISTRY),
        intProperty(PROBE_INTERVAL, 2_000, 100, 600_000), intProperty(REDIS_LATENCY, 250, 1, 600_000), minHitRatio,
        intProperty(MAX_P99, 500, 0, 3_600_000));
  }

  /** A registry handed in as an object in the properties, else its name (a string property), else null. */
  private Object registryOf(String name) {
    Object given = properties.get(name);
    if (given != null && !(given instanceof String)) {
      return given;
    }
    return property(name, null);
  }

  /** Metrics and health settings. */
  public ObservabilitySettings observability() {
    return observability;
  }

  /**
   * Reads the settings of the manager at {@code uri}.
   *
   * @throws IllegalArgumentException naming the setting when a value is invalid
   */
  public static ManagerSettings of(URI uri, Properties properties) {
    return of(uri, properties, ManagerSettings.class.getClassLoader());
  }

  /**
   * Reads the settings of the manager at {@code uri}; a file the URI names is read through its URL
   * or {@code classLoader}.
   *
   * @throws IllegalArgumentException naming the setting when a value given in code or as a system
   *     property is invalid
   * @throws javax.cache.CacheException naming the file, the setting and the value when the Strata
   *     file named by the URI cannot be read or holds an invalid setting
   */
  public static ManagerSettings of(URI uri, Properties properties, ClassLoader classLoader) {
    return new ManagerSettings(uri, properties == null ? new Properties() : properties, classLoader);
  }

  /**
   * The provider's default URI: the {@code strata.uri} system property if set; else
   * {@code classpath:strata.yaml} if {@code classLoader} has a {@code strata.yaml} at its root; else
   * {@value #DEFAULT_URI}.
   */
  public static URI defaultUri(ClassLoader classLoader) {
    String configured = System.getProperty(DEFAULT_URI_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return URI.create(configured.trim());
    }
    if (classLoader != null && classLoader.getResource(DEFAULT_FILE) != null) {
      return URI.create("classpath:" + DEFAULT_FILE);
    }
    if (classLoader != null && classLoader.getResource(DEFAULT_PROPERTIES_FILE) != null) {
      return URI.create("classpath:" + DEFAULT_PROPERTIES_FILE);
    }
    return URI.create(DEFAULT_URI);
  }

  /** {@link #defaultUri(ClassLoader)} with the class loader of the provider. */
  public static URI defaultUri() {
    return defaultUri(ManagerSettings.class.getClassLoader());
  }

  /** The Strata file the manager's URI names, or null when it names none. */
  public StrataFile file() {
    return file;
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

    static PubSub parse(String raw, ManagerSettings settings) {
      try {
        return valueOf(raw.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw settings.invalid(PUBSUB, raw, "must be auto, sharded or global");
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

  /**
   * The Redis of a Strata file: its {@code redis}, {@code redisson-config} or {@code redisson};
   * else the provider's default Redis.
   */
  private static RedisEndpoint endpointOf(StrataFile strata, Properties properties) {
    if (strata.redis() != null) {
      URI redis = strata.redis();
      String scheme = redis.getScheme().toLowerCase(Locale.ROOT);
      return RedisEndpoint.isMultiNode(scheme) ? RedisEndpoint.multiNode(redis) : RedisEndpoint.server(redis);
    }
    if (strata.redissonConfig() != null) {
      return RedisEndpoint.yaml(strata.redissonConfig());
    }
    if (strata.redissonInline() != null) {
      return RedisEndpoint.inline(strata.redissonInline(), strata.location());
    }
    return defaultRedis(properties, strata.properties().get(REDIS));
  }

  /**
   * The provider's default Redis: {@code strata.redis} if set, else the default URI if that names a
   * Redis server or deployment, else {@value #DEFAULT_URI}. A default URI naming a file is not
   * followed here, so a Strata file without Redis settings never reads itself again.
   */
  private static RedisEndpoint defaultRedis(Properties properties, String fromFile) {
    String configured = properties.getProperty(REDIS, System.getProperty(REDIS, fromFile));
    URI target = URI.create(configured != null && !configured.isBlank() ? configured.trim()
        : System.getProperty(DEFAULT_URI_PROPERTY, DEFAULT_URI).trim());
    return redisOrDefault(target, configured != null);
  }

  private static RedisEndpoint redisOrDefault(URI target, boolean explicit) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("redis") || scheme.equals("rediss")) {
      return RedisEndpoint.server(target);
    }
    if (RedisEndpoint.isMultiNode(scheme)) {
      return RedisEndpoint.multiNode(target);
    }
    if (explicit && ConfigurationResources.isYaml(target)) {
      return RedisEndpoint.yaml(target);
    }
    return RedisEndpoint.server(URI.create(DEFAULT_URI));
  }

  /**
   * Where a manager with a logical URI connects: {@code strata.redis}, else the provider's default
   * URI; a default URI naming a Strata file gives that file's Redis.
   */
  private static RedisEndpoint logicalTarget(Properties properties, ClassLoader classLoader) {
    String configured = properties.getProperty(REDIS, System.getProperty(REDIS));
    URI target = configured != null && !configured.isBlank() ? URI.create(configured.trim()) : defaultUri(classLoader);
    if (ConfigurationResources.isYaml(target)) {
      StrataFile strata = StrataFile.readIfStrata(target, classLoader);
      return strata == null ? RedisEndpoint.yaml(target) : endpointOf(strata, properties);
    }
    if (ConfigurationResources.isProperties(target)) {
      return endpointOf(StrataFile.readProperties(target, classLoader), properties);
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    return RedisEndpoint.isMultiNode(scheme) ? RedisEndpoint.multiNode(target) : RedisEndpoint.server(target);
  }

  /**
   * A manager property: given to the manager, else a JVM system property, else the Strata file's
   * {@code properties:}, else {@code fallback}.
   */
  private String property(String name, String fallback) {
    String value = properties.getProperty(name);
    if (value == null) {
      value = System.getProperty(name);
    }
    if (value == null && file != null) {
      value = file.properties().get(name);
    }
    return value == null ? fallback : value.trim();
  }

  /** Whether the value of {@code name} comes from the Strata file. */
  private boolean fromFile(String name) {
    return file != null && properties.getProperty(name) == null && System.getProperty(name) == null
        && file.properties().containsKey(name);
  }

  /**
   * An invalid value: a {@link javax.cache.CacheException} naming the file when the file gave it,
   * else an {@link IllegalArgumentException} naming the property.
   */
  private RuntimeException invalid(String name, String shown, String reason) {
    String raw = Redaction.setting(name, shown);
    if (fromFile(name)) {
      return new javax.cache.CacheException("Strata file " + file.location() + ": invalid value '" + raw + "' for "
          + "strata.properties." + name + " (" + reason + ")");
    }
    return new IllegalArgumentException("setting " + name + " " + reason + ", was '" + raw + "'");
  }

  private int intProperty(String name, int fallback, int min, int max) {
    String raw = property(name, null);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "must be a whole number");
    }
    if (value < min || value > max) {
      throw invalid(name, raw, "must be between " + min + " and " + max);
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
