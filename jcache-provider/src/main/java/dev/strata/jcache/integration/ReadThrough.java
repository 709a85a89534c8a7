package dev.strata.jcache.integration;

import dev.strata.jcache.management.CacheStatistics;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Calls the cache's {@link CacheLoader} and turns its failures into {@link CacheLoaderException}s.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ReadThrough<K, V> implements Closeable {

  private final CacheLoader<K, V> loader;
  private final CacheStatistics stats;

  /** Wraps {@code loader}; its calls are timed in {@code stats} (operation {@code load}). */
  public ReadThrough(CacheLoader<K, V> loader, CacheStatistics stats) {
    this.loader = loader;
    this.stats = stats;
  }

  /** Loads one value; null when the loader has none. */
  public V load(K key) {
    long start = stats.start();
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("cache loader failed to load " + key, e);
    } finally {
      stats.time(CacheStatistics.Operation.LOAD, start);
    }
  }

  /** Loads many values; keys the loader has no value for are absent from the result or map to null. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    long start = stats.start();
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("cache loader failed to load all keys", e);
    } finally {
      stats.time(CacheStatistics.Operation.LOAD, start);
    }
  }

  @Override
  public void close() throws IOException {
    if (loader instanceof Closeable c) {
      c.close();
    }
  }
}
