package dev.strata.jcache.cache;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.management.CacheStatistics.Operation;
import dev.strata.jcache.near.FillResult;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.store.Decision;
import dev.strata.jcache.store.OptimisticUpdater;
import dev.strata.jcache.store.ReadReply;
import dev.strata.jcache.store.RemoteStore;
import javax.cache.CacheException;

/**
 * The single-key read path of a {@link StrataCache}: near cache first, then Redis by the path the
 * cache chose once ({@link ExecutionPath}), the opt-in fallback when Redis is unavailable, then
 * read-through; and storing what a loader loaded.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class SingleKeyReads<K, V> {

  private final CacheCodec codec;
  private final RemoteStore store;
  private final ExpiryStrategy expiry;
  private final CacheStatistics stats;
  private final ReadThrough<K, V> loader;
  private final NearCache near;
  private final ExecutionPath path;
  private final OptimisticUpdater updater;
  private final ReadFallback<K, V> fallback;

  SingleKeyReads(CacheContext<K, V> context, ExecutionPath path, ReadThrough<K, V> loader,
      OptimisticUpdater updater) {
    this.codec = context.codec();
    this.store = context.store();
    this.expiry = context.expiry();
    this.stats = context.statistics();
    this.loader = loader;
    this.near = context.near();
    this.path = path;
    this.updater = updater;
    this.fallback = fallbackOf(context, loader, near);
  }

  /** {@code get}: near cache, Redis, fallback, read-through, with statistics. */
  V get(K key) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    V value = null;
    boolean nearHit = false;
    try {
      if (near != null) {
        value = nearLookup(k);
        nearHit = value != null;
      }
      if (!nearHit) {
        try {
          value = near != null ? nearFill(k) : read(k);
        } catch (CacheException e) {
          if (!fallback.enabled()) {
            throw e;
          }
          // Redis unavailable: a stale near entry or the loader's value, nothing stored
          value = fallback.afterFailure(key, k, e);
          stats.fallback();
          return value;
        }
      }
      if (value != null) {
        stats.hits(1);
      } else {
        stats.misses(1);
        if (loader != null) {
          value = loadAndStore(key, k);
        }
      }
      return value;
    } finally {
      stats.getEnded(nearHit ? Operation.GET_NEAR : Operation.GET_REMOTE, start);
    }
  }

  /** The cache's read fallback as its Strata configuration asks (near {@code serve-stale}, {@code loader-fallback}). */
  private static <K, V> ReadFallback<K, V> fallbackOf(CacheContext<K, V> context, ReadThrough<K, V> loader,
      NearCache near) {
    if (!(context.configuration() instanceof StrataConfiguration<K, V> strata)) {
      return new ReadFallback<>(null, 0, null);
    }
    long stale = near != null && strata.getNearCache() != null ? strata.getNearCache().serveStale().toNanos() : 0;
    return new ReadFallback<>(near, stale, Boolean.TRUE.equals(strata.getLoaderFallback()) ? loader : null);
  }

  @SuppressWarnings("unchecked")
  private V nearLookup(byte[] k) {
    return (V) near.lookup(k);
  }

  /** Reads one entry into the near cache (which exists only when reads change no expiry). */
  @SuppressWarnings("unchecked")
  private V nearFill(byte[] k) {
    return (V) near.fill(k, () -> remoteRead(k));
  }

  /** A read for the near cache: with the segment's epoch and sequence, no access expiry. */
  private FillResult remoteRead(byte[] k) {
    return FillResult.of(path.plainReads() ? store.getPlain(k, true) : store.get(k, RemoteStore.TTL_UNCHANGED));
  }

  /** Reads one entry and applies the access expiry, without statistics or read-through. */
  V read(byte[] k) {
    if (path.plainReads()) {
      return decode(store.getPlain(k, false).value());
    }
    if (path.oneScript()) {
      ReadReply r = store.get(k, expiry.accessTtl());
      return decode(r.value());
    }
    return decode(updater.update(k, s -> s.present() ? Decision.touch(expiry.accessTtl(), s.value())
        : Decision.nothing(null)));
  }

  /** Loads a missing value through the loader and stores it as a creation (the writer is not called). */
  V loadAndStore(K key, byte[] k) {
    V loaded = loader.load(key);
    if (loaded != null) {
      storeLoaded(k, codec.encodeValue(loaded), false);
    }
    return loaded;
  }

  /** Stores a loaded value: as a creation if absent, or replacing the current one when asked. */
  void storeLoaded(byte[] k, byte[] v, boolean replaceExisting) {
    if (path.oneScript()) {
      store.put(k, v, replaceExisting ? RemoteStore.MODE_PUT : RemoteStore.MODE_IF_ABSENT,
          expiry.creationTtl(), expiry.updateTtl(), RemoteStore.TTL_UNCHANGED, null, false);
      return;
    }
    updater.update(k, s -> {
      if (s.present() && !replaceExisting) {
        return Decision.nothing(null);
      }
      return Decision.set(v, s.present() ? expiry.updateTtl() : expiry.creationTtl(), null);
    });
  }

  /**
   * The near cache's value of {@code key}, counted as a get, or null (no near cache, or a miss,
   * which is not counted: the caller goes on with {@link #get}).
   */
  V nearHitOnly(K key) {
    if (near == null) {
      return null;
    }
    long start = stats.start();
    V value = nearLookup(codec.encode(key));
    if (value != null) {
      stats.hits(1);
      stats.getEnded(Operation.GET_NEAR, start);
    }
    return value;
  }

  /**
   * Warms this JVM's near cache with {@code key}: read from Redis unless held already; a key Redis
   * lacks is loaded and stored when the cache reads through. Not counted as a get. Returns whether
   * the key has a value now.
   */
  @SuppressWarnings("unchecked")
  boolean preload(K key) {
    byte[] k = codec.encode(key);
    V value = near == null ? null : nearLookup(k);
    if (value != null) {
      return true;
    }
    value = near != null ? (V) near.fillAdmitted(k, () -> remoteRead(k)) : read(k);
    if (value == null && loader != null) {
      value = loadAndStore(key, k);
    }
    if (value != null && near != null) {
      near.metrics().warmed();
    }
    return value != null;
  }

  @SuppressWarnings("unchecked")
  private V decode(byte[] bytes) {
    return (V) codec.decode(bytes);
  }
}
