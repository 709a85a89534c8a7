package dev.strata.jcache.cache;

import static java.util.Objects.requireNonNull;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.configuration.ConfigurationSnapshot;
import dev.strata.jcache.event.EventDispatcher;
import dev.strata.jcache.event.ListenerLease;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.management.CacheStatistics.Operation;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.processor.EntryProcessorRunner;
import dev.strata.jcache.store.OptimisticUpdater;
import dev.strata.jcache.store.RawEvent;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.WriteReply;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Cache} whose entries live in Redis. This class is the API edge: it checks arguments and
 * state and keeps the statistics; the store delivers events to listeners and the near cache. How
 * operations run is chosen once ({@link ExecutionPath}): one script per single-key operation when
 * the expiry policy is one of the constant JCache policies (a plain {@code HMGET} per read when
 * entries cannot expire), an optimistic read-decide-commit otherwise. Writes live in
 * {@link SingleKeyWrites}, bulk operations in {@link BulkOperations}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StrataCache<K, V> implements Cache<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(StrataCache.class);
  private static final long LOADS_ON_CLOSE_MILLIS = 5_000;

  private final CacheContext<K, V> context;
  private final String name;
  private final CacheCodec codec;
  private final RemoteStore store;
  private final ExpiryStrategy expiry;
  private final CacheStatistics stats;
  private final ReadThrough<K, V> loader;
  private final WriteThrough<K, V> writer;
  private final EventDispatcher<K, V> dispatcher;
  private final OptimisticUpdater updater;
  private final EntryProcessorRunner<K, V> processors;
  private final BulkOperations<K, V> bulk;
  private final SingleKeyWrites<K, V> writes;
  private final ExecutionPath path;
  private final NearCache near;
  private final ListenerLease lease;
  private final SingleKeyReads<K, V> reads;
  private final AsyncCache<K, V> async;
  private final Warming<K, V> warming;
  private final Runnable onClose;
  // switched by the manager while the cache runs; everything else in the configuration is fixed
  private volatile boolean statisticsEnabled;
  private volatile boolean managementEnabled;
  private volatile boolean closed;

  /** Creates the cache; {@code onClose} tells the manager that the cache is closed. */
  public StrataCache(CacheContext<K, V> context, Runnable onClose) {
    this.context = context;
    this.name = context.name();
    this.codec = context.codec();
    this.store = context.store();
    this.expiry = context.expiry();
    this.stats = context.statistics();
    this.loader = context.configuration().isReadThrough() ? context.loader() : null;
    this.writer = context.configuration().isWriteThrough() ? context.writer() : null;
    this.dispatcher = new EventDispatcher<>(this, codec::decode);
    store.deliverEventsTo(dispatcher::fireLocal, dispatcher::fireRemote, dispatcher::hasListeners);
    store.countEvictionsWith(stats::evictions);
    this.path = ExecutionPath.choose(expiry, store.bound());
    this.updater = new OptimisticUpdater(store);
    this.processors = new EntryProcessorRunner<>(codec, updater, expiry, loader, writer, stats);
    this.bulk = new BulkOperations<>(this, context, path, loader, writer, updater);
    this.writes = new SingleKeyWrites<>(this, context, path, writer, updater);
    this.near = context.near();
    this.reads = new SingleKeyReads<>(context, path, loader, updater);
    this.async = new AsyncStrataCache<>(this, context.asyncExecutor());
    this.lease = new ListenerLease(store, dispatcher::hasListeners);
    this.onClose = onClose;
    this.statisticsEnabled = context.configuration().isStatisticsEnabled();
    this.managementEnabled = context.configuration().isManagementEnabled();
    // from here on the dispatcher owns the listener configurations; the context's copy is not changed
    for (CacheEntryListenerConfiguration<K, V> listener : context.configuration().getCacheEntryListenerConfigurations()) {
      dispatcher.register(listener);
    }
    if (dispatcher.hasListeners()) {
      lease.acquire();
    }
    this.warming = new Warming<>(this, reads);
    warming.warmOnStart(context);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    checkOpen();
    requireNonNull(key, "key");
    return reads.get(key);
  }

  /** The near cache's value of {@code key} (counted as a get), or null without asking Redis. */
  V nearHit(K key) {
    checkOpen();
    return reads.nearHitOnly(key);
  }

  /** Reads one entry and applies the access expiry, without statistics or read-through. */
  V read(byte[] k) {
    return reads.read(k);
  }

  /** Stores a loaded value: as a creation if absent, or replacing the current one when asked. */
  void storeLoaded(byte[] k, byte[] v, boolean replaceExisting) {
    reads.storeLoaded(k, v, replaceExisting);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    long start = stats.start();
    try {
      return bulk.getAll(keys);
    } finally {
      stats.time(Operation.GET_ALL, start);
    }
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    requireNonNull(key, "key");
    return store.contains(codec.encode(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    checkOpen();
    bulk.loadAll(keys, replaceExistingValues, completionListener);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    put(key, value, false);
  }

  @Override
  public V getAndPut(K key, V value) {
    return put(key, value, true);
  }

  private V put(K key, V value, boolean returnOld) {
    checkOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = stats.start();
    try {
      return writes.put(key, value, returnOld);
    } finally {
      stats.time(Operation.PUT, start);
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = stats.start();
    try {
      return writes.putIfAbsent(key, value);
    } finally {
      stats.time(Operation.PUT, start);
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    long start = stats.start();
    try {
      bulk.putAll(map);
    } finally {
      stats.time(Operation.PUT_ALL, start);
    }
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    requireNonNull(newValue, "newValue");
    long start = stats.start();
    try {
      return writes.replace(key, oldValue, newValue);
    } finally {
      stats.time(Operation.REPLACE, start);
    }
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceIfPresent(key, value, false).applied();
  }

  @Override
  public V getAndReplace(K key, V value) {
    WriteReply r = replaceIfPresent(key, value, true);
    return r.applied() ? decode(r.oldValue()) : null;
  }

  /** Replaces the value of an existing entry (reporting the old one when {@code isGet}). */
  private WriteReply replaceIfPresent(K key, V value, boolean isGet) {
    checkOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = stats.start();
    try {
      return writes.replaceIfPresent(key, value, isGet);
    } finally {
      stats.time(Operation.REPLACE, start);
    }
  }

  // ---------------------------------------------------------------- removals

  @Override
  public boolean remove(K key) {
    checkOpen();
    requireNonNull(key, "key");
    long start = stats.start();
    try {
      return writes.removeEncoded(key, codec.encode(key), false).applied();
    } finally {
      stats.removeTime(start);
      stats.time(Operation.REMOVE, start);
    }
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    long start = stats.start();
    try {
      return writes.remove(key, oldValue);
    } finally {
      stats.time(Operation.REMOVE, start);
    }
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    requireNonNull(key, "key");
    long start = stats.start();
    V old = decode(writes.removeEncoded(key, codec.encode(key), true).oldValue());
    if (old != null) {
      stats.hits(1);
    } else {
      stats.misses(1);
    }
    stats.getTime(start);
    stats.removeTime(start);
    stats.time(Operation.REMOVE, start);
    return old;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    long start = stats.start();
    try {
      bulk.removeAll(keys);
    } finally {
      stats.time(Operation.REMOVE_ALL, start);
    }
  }

  @Override
  public void removeAll() {
    checkOpen();
    long start = stats.start();
    try {
      bulk.removeAll();
    } finally {
      stats.time(Operation.REMOVE_ALL, start);
    }
  }

  /**
   * Removes every entry whose key's string form ({@code String.valueOf(key)}) matches
   * {@code pattern}, a glob in Redis's syntax ({@code user:*}, {@code order:1??}, {@code [ab]*}):
   * reachable with {@code cache.unwrap(StrataCache.class)}. Keys are found segment by segment
   * ({@code HSCAN} of the segment's hash, matched by Redis itself for String keys) and removed like
   * {@link #removeAll(Set)}: atomically per segment, the cache writer told, listeners get REMOVED
   * and near caches in every JVM drop the keys. An entry written while the search runs may be
   * missed. Returns how many entries were removed.
   */
  public long removeMatching(String pattern) {
    checkOpen();
    requireNonNull(pattern, "pattern");
    long start = stats.start();
    try {
      return bulk.removeMatching(pattern);
    } finally {
      stats.time(Operation.REMOVE_ALL, start);
    }
  }

  /**
   * Warms this JVM's near cache with {@code keys}: each key not held yet is read from Redis (one
   * round trip per key, placed under the same race rules as any fill), and with read-through a key
   * Redis lacks is loaded and stored. Not counted as gets; counted in the near cache's
   * {@code warmed} metric. Without a near cache it only loads what read-through would. Returns how
   * many of the keys have a value.
   */
  public int preload(Set<? extends K> keys) {
    checkOpen();
    return warming.preload(keys);
  }

  /** A new {@link AtomicBatch} of puts and removes on this cache. */
  public AtomicBatch<K, V> batch() {
    checkOpen();
    if (writer != null) {
      throw new IllegalStateException("cache " + name + " has a CacheWriter, which cannot take part in an atomic "
          + "batch; use putAll/removeAll");
    }
    return new AtomicBatch<>(this, expiry);
  }

  /**
   * The segment {@code key} lives in: on a Redis Cluster the keys of one segment share a slot, and
   * so may share an {@link AtomicBatch}.
   */
  public int segmentOf(K key) {
    requireNonNull(key, "key");
    return store.layout().segmentOf(codec.encode(key)).index();
  }

  @Override
  public void clear() {
    checkOpen();
    store.clear();
  }

  // ---------------------------------------------------------------- processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireNonNull(key, "key");
    requireNonNull(entryProcessor, "entryProcessor");
    long start = stats.start();
    try {
      return processors.invoke(key, codec.encode(key), entryProcessor, arguments);
    } finally {
      stats.time(Operation.INVOKE, start);
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    checkOpen();
    requireNonNull(keys, "keys");
    requireNonNull(entryProcessor, "entryProcessor");
    long start = stats.start();
    try {
      return bulk.invokeAll(keys, entryProcessor, processors, arguments);
    } finally {
      stats.time(Operation.INVOKE, start);
    }
  }

  // ---------------------------------------------------------------- iteration, listeners, lifecycle

  @Override
  public Iterator<Entry<K, V>> iterator() {
    checkOpen();
    return new CacheIterator<>(this, context);
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    checkOpen();
    requireNonNull(configuration, "configuration");
    dispatcher.register(configuration);
    lease.acquire();
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    checkOpen();
    requireNonNull(configuration, "configuration");
    dispatcher.deregister(configuration);
  }

  /** Delivers events that another JVM (or a background sweep) caused. */
  public void onRemoteEvents(List<RawEvent> events) {
    if (!closed) {
      dispatcher.fireRemote(events);
    }
  }

  /** Keeps values in other JVMs' messages while this JVM has listeners (called periodically). */
  public void renewListenerLease() {
    if (!closed) {
      lease.renewIfDue();
    }
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return context.manager();
  }

  /**
   * A read-only snapshot of the configuration (a {@link ConfigurationSnapshot}, which is a
   * {@code StrataConfiguration}); changing the cache later does not change it, and it cannot be
   * changed itself.
   */
  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    requireNonNull(clazz, "clazz");
    ConfigurationSnapshot<K, V> snapshot = configuration();
    if (clazz.isInstance(snapshot)) {
      return clazz.cast(snapshot);
    }
    throw new IllegalArgumentException("the configuration of cache " + name + " is not a " + clazz.getName()
        + " (it is a " + ConfigurationSnapshot.class.getName() + ", a StrataConfiguration)");
  }

  /** A read-only snapshot of the configuration as it is now. */
  public ConfigurationSnapshot<K, V> configuration() {
    return new ConfigurationSnapshot<>(context.configuration(), dispatcher.configurations(), statisticsEnabled,
        managementEnabled);
  }

  /** The key type the cache was created with. */
  public Class<K> keyType() {
    return context.configuration().getKeyType();
  }

  /** The value type the cache was created with. */
  public Class<V> valueType() {
    return context.configuration().getValueType();
  }

  /** Records that statistics were switched on or off (by the manager, which also switches the counters). */
  public void statisticsEnabled(boolean enabled) {
    this.statisticsEnabled = enabled;
  }

  /** Records that management was switched on or off (by the manager, which registers the MXBean). */
  public void managementEnabled(boolean enabled) {
    this.managementEnabled = enabled;
  }

  /** Whether statistics are on. */
  public boolean isStatisticsEnabled() {
    return statisticsEnabled;
  }

  /** Whether management is on. */
  public boolean isManagementEnabled() {
    return managementEnabled;
  }

  /** How this cache's operations run (chosen when it was built). */
  ExecutionPath path() {
    return path;
  }

  /** The statistics of this cache. */
  public CacheStatistics statistics() {
    return stats;
  }

  /** The near cache of this cache in this JVM, or null when it has none. */
  public NearCache nearCache() {
    return near;
  }

  /** The codec of this cache's keys and values. */
  public CacheCodec codec() {
    return codec;
  }

  /** The Redis side of this cache. */
  public RemoteStore store() {
    return store;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // a loadAll still running uses the loader: close it only after the last use
    bulk.awaitLoads(LOADS_ON_CLOSE_MILLIS);
    if (near != null) {
      near.close();
    }
    dispatcher.closeAll();
    for (Closeable c : new Closeable[] {context.loader(), context.writer(), expiry}) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("closing a component of cache {} failed", name, e);
      }
    }
    onClose.run();
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
    if (clazz == AsyncCache.class) {
      return clazz.cast(async);
    }
    throw new IllegalArgumentException("cannot unwrap cache " + name + " to " + clazz.getName());
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  @SuppressWarnings("unchecked")
  V decode(byte[] bytes) {
    return (V) codec.decode(bytes);
  }

  @Override
  public String toString() {
    return "StrataCache[" + name + "]";
  }
}
