package dev.strata.jcache.cache;

import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.store.RemoteStore;
import javax.cache.CacheException;

/**
 * What a {@code get} answers when its remote read failed because Redis is unavailable, for caches
 * that opted in: first the near cache's entry if it was confirmed coherent at most
 * {@code serve-stale} ago, then the cache loader's value (not stored: Redis is down), else the
 * failure. Writes never fall back: they fail, so nothing is lost or reordered behind the caller.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class ReadFallback<K, V> {

  private final NearCache near;
  private final long maxStaleNanos;
  private final ReadThrough<K, V> loader;

  /** A fallback; {@code near} null or {@code maxStaleNanos} 0 serves nothing stale, {@code loader} null loads nothing. */
  ReadFallback(NearCache near, long maxStaleNanos, ReadThrough<K, V> loader) {
    this.near = near;
    this.maxStaleNanos = maxStaleNanos;
    this.loader = loader;
  }

  /** Whether this cache has any fallback. */
  boolean enabled() {
    return near != null && maxStaleNanos > 0 || loader != null;
  }

  /** The answer to {@code get(key)} after {@code failure}; rethrows it when no fallback answers. */
  @SuppressWarnings("unchecked")
  V afterFailure(K key, byte[] encodedKey, CacheException failure) {
    if (!RemoteStore.unavailable(failure)) {
      throw failure;
    }
    if (near != null && maxStaleNanos > 0) {
      Object stale = near.lookupStale(encodedKey, maxStaleNanos);
      if (stale != null) {
        return (V) stale;
      }
    }
    if (loader != null) {
      return loader.load(key);
    }
    throw failure;
  }
}
