package dev.strata.jcache.manager;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.FileCacheSettings;
import dev.strata.jcache.configuration.ManagerSettings;
import dev.strata.jcache.configuration.NearCacheFile;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.Redaction;
import dev.strata.jcache.configuration.StrataFile;
import dev.strata.jcache.event.ChannelSubscriber;
import dev.strata.jcache.expiry.ExpirySweeper;
import dev.strata.jcache.management.CacheConfigurationBean;
import dev.strata.jcache.management.CacheStatisticsBean;
import dev.strata.jcache.management.JmxRegistrar;
import dev.strata.jcache.management.NearCacheBean;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.near.NearCacheCoordinator;
import dev.strata.jcache.store.ChannelMessage;
import dev.strata.jcache.store.CircuitBreaker;
import dev.strata.jcache.store.EntryBound;
import dev.strata.jcache.store.KeyLayout;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.ScriptExecutor;
import dev.strata.jcache.store.SegmentKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCache {@link CacheManager} backed by one Redisson client. The connection is opened when the
 * first cache is created (so asking for a manager never fails because Redis is down), together with
 * the subscription to the namespace's event channel and the expiry sweeper.
 */
public final class StrataCacheManager implements CacheManager {

  private static final Logger LOG = LoggerFactory.getLogger(StrataCacheManager.class);
  private static final int SWEEP_BATCH = 1_000;
  private static final int SWEEP_BATCHES_PER_ROUND = 50;

  private final StrataCachingProviderHandle provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ManagerSettings settings;
  private final String senderId = UUID.randomUUID().toString();
  /** The URI as shown in names and messages: any password hidden. */
  private final String displayUri;
  private final ManagerObservability observability;
  private volatile CircuitBreaker circuitBreaker;
  private final ConcurrentHashMap<String, StrataCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final ExecutorService background;
  private volatile ExecutorService asyncExecutor;
  private volatile RedissonClient redisson;
  private volatile ScriptExecutor scripts;
  private ChannelSubscriber subscriber;
  private ExpirySweeper sweeper;
  private NearCacheCoordinator nearCoordinator;
  private NearCacheFile nearCacheFile;
  private boolean warnedTwoNearCacheFiles;
  private volatile boolean shardedChannels;
  private volatile boolean closed;

  StrataCacheManager(StrataCachingProviderHandle provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.settings = ManagerSettings.of(uri, properties, classLoader);
    this.displayUri = Redaction.uri(uri);
    this.observability = new ManagerObservability(settings.observability(), displayUri);
    this.background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "strata-loader-" + displayUri);
      t.setDaemon(true);
      return t;
    });
  }

  private synchronized void connect() {
    if (redisson != null) {
      return;
    }
    RedissonClient client = RedisConnector.connect(settings, classLoader);
    try {
      CircuitBreaker breaker = new CircuitBreaker(settings.circuitFailureThreshold(),
          settings.circuitProbeIntervalMillis(), node -> RedisConnector.ping(client, node, settings),
          observability.circuitListener(), "strata-circuit-" + senderId);
      circuitBreaker = breaker;
      observability.watch(breaker);
      ScriptExecutor executor = new ScriptExecutor(client, settings.endpoint().describe(), settings.durability(),
          settings.callPolicy(), observability.commandObserver(), breaker);
      boolean sharded = RedisConnector.shardedChannels(client, settings);
      EvictionPolicyCheck.warnIfUnsuitable(client, settings.endpoint().describe());
      subscriber = new ChannelSubscriber(client, senderId, this::onMessageReceived, this::onMessage);
      if (!sharded) {
        subscriber.subscribe(List.of(KeyLayout.channel(settings.namespace())), false);
      }
      shardedChannels = sharded;
      sweeper = new ExpirySweeper(settings.namespace(), settings.sweepIntervalMillis(), this::sweep);
      scripts = executor;
      redisson = client;
      observability.connected(client, "strata-health-" + senderId, this::nearCachesServing);
    } catch (RuntimeException e) {
      if (circuitBreaker != null) {
        circuitBreaker.close();
      }
      client.shutdown();
      throw new CacheException("cannot subscribe to Strata events on " + settings.endpoint().describe() + ": "
          + e.getMessage(), e);
    }
  }

  private boolean nearCachesServing() {
    NearCacheCoordinator coordinator = nearCoordinator;
    return coordinator == null || nearCaches().isEmpty() || coordinator.serving();
  }

  /** Runs on Redisson's I/O thread for every message, this manager's own included. */
  private void onMessageReceived(ChannelMessage message, boolean own) {
    if (message.isMarker()) {
      NearCacheCoordinator coordinator = nearCoordinator;
      if (own && coordinator != null) {
        coordinator.onMarker(message);
      }
      return;
    }
    StrataCache<?, ?> cache = caches.get(message.cacheName());
    if (cache != null && cache.nearCache() != null) {
      cache.nearCache().onMessage(message, own);
    }
  }

  /** The coordinator of this manager's near caches, started with the first of them. */
  synchronized NearCacheCoordinator nearCoordinator() {
    if (nearCoordinator == null) {
      nearCoordinator = new NearCacheCoordinator(redisson, subscriber::topics, senderId,
          settings.nearCheckIntervalMillis(), this::nearCaches);
    }
    return nearCoordinator;
  }

  private Collection<NearCache> nearCaches() {
    List<NearCache> out = new ArrayList<>();
    for (StrataCache<?, ?> cache : caches.values()) {
      if (cache.nearCache() != null && !cache.isClosed()) {
        out.add(cache.nearCache());
      }
    }
    return out;
  }

  /**
   * The near-cache settings the manager's files give {@code cacheName}, or null: the Strata file's
   * {@code near-cache} if it has one for the cache, else the near-cache properties file's. When both
   * have settings for a cache, the Strata file wins and a warning is logged (once per manager).
   */
  synchronized NearCacheSettings nearCacheFileSettings(String cacheName) {
    StrataFile file = settings.file();
    NearCacheSettings fromStrataFile = file == null ? null : file.cacheSettings(cacheName).nearCache();
    String location = settings.nearCacheFile();
    NearCacheSettings fromPropertiesFile = null;
    if (location != null) {
      if (nearCacheFile == null) {
        nearCacheFile = NearCacheFile.load(location, classLoader);
      }
      fromPropertiesFile = nearCacheFile.settingsFor(cacheName);
    }
    if (fromStrataFile == null) {
      return fromPropertiesFile;
    }
    if (fromPropertiesFile != null && !warnedTwoNearCacheFiles) {
      warnedTwoNearCacheFiles = true;
      LOG.warn("cache {}: near-cache settings in both {} and the near-cache file {}; the Strata file's are used "
          + "(move the near-cache file's settings into the Strata file; this is logged once per manager)",
          cacheName, file.location(), location);
    }
    return fromStrataFile;
  }

  /** What the manager's Strata file says about {@code cacheName} (nothing when there is no file). */
  FileCacheSettings fileCacheSettings(String cacheName) {
    StrataFile file = settings.file();
    return file == null ? FileCacheSettings.none() : file.cacheSettings(cacheName);
  }

  private void onMessage(ChannelMessage message) {
    StrataCache<?, ?> cache = caches.get(message.cacheName());
    if (cache != null) {
      cache.onRemoteEvents(message.events());
    }
  }

  private void sweep() {
    for (StrataCache<?, ?> cache : caches.values()) {
      cache.renewListenerLease();
      for (SegmentKeys segment : cache.store().layout().segments()) {
        if (cache.isClosed()) {
          break;
        }
        // a segment with more due entries than one batch is swept again in the same round, up to
        // a bound, so that expiry keeps up with busy caches
        for (int batch = 0; batch < SWEEP_BATCHES_PER_ROUND; batch++) {
          if (cache.store().sweep(segment, SWEEP_BATCH).stillDue() == 0) {
            break;
          }
        }
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    requireNonNull(cacheName, "cacheName");
    requireNonNull(configuration, "configuration");
    checkOpen();
    synchronized (this) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("cache " + cacheName + " already exists in cache manager " + displayUri);
      }
      connect();
      EntryBound bound = CacheBuilder.boundOf(this, cacheName, configuration);
      KeyLayout layout = layoutOf(cacheName, bound.segments(settings.segments()));
      if (layout.shardedChannels()) {
        // before the cache exists: it must not miss a message published after it was created
        subscriber.subscribe(layout.channels(), true);
      }
      StrataCache<K, V> cache;
      try {
        cache = CacheBuilder.build(this, layout, bound, configuration, () -> released(cacheName));
      } catch (RuntimeException e) {
        if (layout.shardedChannels()) {
          subscriber.unsubscribe(layout.channels());
        }
        throw e;
      }
      caches.put(cacheName, cache);
      observability.cacheCreated(cacheName, cache.statistics());
      if (cache.isManagementEnabled()) {
        enableManagement(cacheName, true);
      }
      if (cache.isStatisticsEnabled()) {
        enableStatistics(cacheName, true);
      }
      if (cache.nearCache() != null) {
        JmxRegistrar.register(JmxRegistrar.Kind.NEAR_CACHE, displayUri, cacheName,
            new NearCacheBean(cache.nearCache().metrics()));
      }
      return cache;
    }
  }

  private void released(String cacheName) {
    StrataCache<?, ?> cache = caches.remove(cacheName);
    observability.cacheReleased(cacheName);
    JmxRegistrar.unregister(JmxRegistrar.Kind.CONFIGURATION, displayUri, cacheName);
    JmxRegistrar.unregister(JmxRegistrar.Kind.STATISTICS, displayUri, cacheName);
    JmxRegistrar.unregister(JmxRegistrar.Kind.NEAR_CACHE, displayUri, cacheName);
    if (cache != null) {
      cache.statistics().unregister();
      KeyLayout layout = cache.store().layout();
      if (layout.shardedChannels() && !closed) {
        subscriber.unsubscribe(layout.channels());
      }
    }
  }

  /**
   * The key layout of cache {@code cacheName}: this manager's namespace and segment count, and
   * sharded event channels when the manager uses them. Requires a connection.
   */
  KeyLayout layoutOf(String cacheName) {
    return layoutOf(cacheName, settings.segments());
  }

  /** The key layout of cache {@code cacheName} with {@code segments} segments (fewer for a small bounded cache). */
  KeyLayout layoutOf(String cacheName, int segments) {
    return new KeyLayout(settings.namespace(), cacheName, segments, shardedChannels);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireNonNull(cacheName, "cacheName");
    requireNonNull(keyType, "keyType");
    requireNonNull(valueType, "valueType");
    checkOpen();
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    Class<?> configuredKey = cache.keyType();
    Class<?> configuredValue = cache.valueType();
    if (!configuredKey.equals(keyType) || !configuredValue.equals(valueType)) {
      throw new ClassCastException("cache " + cacheName + " holds " + configuredKey.getName() + " -> "
          + configuredValue.getName() + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireNonNull(cacheName, "cacheName");
    checkOpen();
    return (Cache<K, V>) caches.get(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireNonNull(cacheName, "cacheName");
    checkOpen();
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.store().destroy();
      cache.close();
      return;
    }
    connect();
    new RemoteStore(scripts, layoutOf(cacheName), senderId).destroy();
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireNonNull(cacheName, "cacheName");
    checkOpen();
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return;
    }
    cache.managementEnabled(enabled);
    if (enabled) {
      JmxRegistrar.register(JmxRegistrar.Kind.CONFIGURATION, displayUri, cacheName,
          new CacheConfigurationBean(cache::configuration));
    } else {
      JmxRegistrar.unregister(JmxRegistrar.Kind.CONFIGURATION, displayUri, cacheName);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireNonNull(cacheName, "cacheName");
    checkOpen();
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return;
    }
    cache.statisticsEnabled(enabled);
    cache.statistics().setEnabled(enabled);
    if (enabled) {
      JmxRegistrar.register(JmxRegistrar.Kind.STATISTICS, displayUri, cacheName,
          new CacheStatisticsBean(cache.statistics()));
    } else {
      JmxRegistrar.unregister(JmxRegistrar.Kind.STATISTICS, displayUri, cacheName);
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider.provider();
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (StrataCache<?, ?> cache : caches.values()) {
        try {
          cache.close();
        } catch (RuntimeException e) {
          LOG.warn("closing cache {} failed", cache.getName(), e);
        }
      }
      caches.clear();
      if (sweeper != null) {
        sweeper.close();
      }
      if (nearCoordinator != null) {
        nearCoordinator.close();
      }
      if (subscriber != null) {
        subscriber.close();
      }
      background.shutdown();
      if (asyncExecutor != null) {
        asyncExecutor.shutdown();
      }
      observability.close();
      if (circuitBreaker != null) {
        circuitBreaker.close();
      }
      if (redisson != null) {
        redisson.shutdown();
      }
    }
    provider.release(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isAssignableFrom(RedissonClient.class)) {
      checkOpen();
      connect();
      return clazz.cast(redisson);
    }
    throw new IllegalArgumentException("cannot unwrap cache manager " + displayUri + " to " + clazz.getName());
  }

  /**
   * The registry holding the Dropwizard metrics of this manager and its caches: the one handed in as
   * {@code strata.metrics.registry}, else the manager's own. Names: docs/operations.md.
   */
  public MetricRegistry metrics() {
    return observability.metrics();
  }

  /** The first part of every metric and health-check name of this manager ({@code strata.metrics.prefix}). */
  public String metricsPrefix() {
    return settings.observability().metricsPrefix();
  }

  /**
   * The registry holding this manager's health checks: the one handed in as
   * {@code strata.health.registry}, else the manager's own.
   */
  public HealthCheckRegistry healthChecks() {
    return observability.healthRegistry();
  }

  /** Runs this manager's health checks (not others a shared registry holds), by name. */
  public SortedMap<String, HealthCheck.Result> runHealthChecks() {
    return observability.runHealthChecks();
  }

  /** The manager's URI as it may be shown: any password hidden. */
  public String displayUri() {
    return displayUri;
  }

  ManagerSettings settings() {
    return settings;
  }

  ScriptExecutor scripts() {
    return scripts;
  }

  String senderId() {
    return senderId;
  }

  /**
   * Runs the calls of the caches' {@code AsyncCache} views on a fixed pool of
   * {@code strata.async.threads}, started by the first call: a slow Redis queues calls rather than
   * starting a thread per call.
   */
  java.util.concurrent.Executor asyncExecutor() {
    return command -> asyncPool().execute(command);
  }

  private ExecutorService asyncPool() {
    ExecutorService pool = asyncExecutor;
    if (pool != null) {
      return pool;
    }
    synchronized (this) {
      checkOpen();
      if (asyncExecutor == null) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        asyncExecutor = Executors.newFixedThreadPool(settings.asyncThreads(), r -> {
          Thread t = new Thread(r, "strata-async-" + n.incrementAndGet() + "-" + senderId);
          t.setDaemon(true);
          return t;
        });
      }
      return asyncExecutor;
    }
  }

  ExecutorService background() {
    return background;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + displayUri + " is closed");
    }
  }

  /**
   * The clock of the Redis server this manager uses (its {@code TIME}), in milliseconds since the
   * epoch: one clock that every JVM on the same Redis reads alike, for timestamps that JVMs compare,
   * such as Hibernate's update timestamps. Costs one round trip (and connects the manager if no cache
   * connected it yet); in a cluster, whichever master Redisson picks answers. Fails with a
   * {@link CacheException} when no answer comes within the manager's deadline
   * ({@code strata.redis.deadline-ms}).
   */
  public long redisTimeMillis() {
    checkOpen();
    connect();
    return RedisConnector.redisTimeMillis(redisson, settings);
  }
}
