package dev.strata.jcache.integration;

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

  /** Wraps {@code loader}. */
  public ReadThrough(CacheLoader<K, V> loader) {
    this.loader = loader;
  }

  /** Loads one value; null when the loader has none. */
  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("cache loader failed to load " + key, e);
    }
  }

  /** Loads many values; keys the loader has no value for are absent from the result or map to null. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("cache loader failed to load all keys", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (loader instanceof Closeable c) {
      c.close();
    }
  }
}
