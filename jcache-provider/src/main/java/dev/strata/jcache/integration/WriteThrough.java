package dev.strata.jcache.integration;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls the cache's {@link CacheWriter} and turns its failures into {@link CacheWriterException}s.
 * Bulk calls report which entries the writer accepted: by JCache's contract the writer removes from
 * the collection the entries it wrote, so whatever is left failed.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WriteThrough<K, V> implements Closeable {

  private final CacheWriter<K, V> writer;

  /** Wraps {@code writer}. */
  @SuppressWarnings("unchecked")
  public WriteThrough(CacheWriter<? super K, ? super V> writer) {
    // the writer accepts supertypes of K and V, so handing it K and V is always safe
    this.writer = (CacheWriter<K, V>) writer;
  }

  /** Writes one entry. */
  public void write(K key, V value) {
    try {
      writer.write(new SimpleEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("cache writer failed to write " + key, e);
    }
  }

  /** Deletes one key. */
  public void delete(K key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("cache writer failed to delete " + key, e);
    }
  }

  /**
   * Writes many entries; returns the keys the writer accepted and the failure, if any.
   */
  public BulkOutcome<K> writeAll(Map<? extends K, ? extends V> entries) {
    List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(entries.size());
    entries.forEach((k, v) -> pending.add(new SimpleEntry<>(k, v)));
    try {
      writer.writeAll(pending);
      return new BulkOutcome<>(new LinkedHashSet<>(entries.keySet()), null);
    } catch (RuntimeException e) {
      LinkedHashSet<K> done = new LinkedHashSet<>(entries.keySet());
      for (Cache.Entry<? extends K, ? extends V> left : pending) {
        done.remove(left.getKey());
      }
      return new BulkOutcome<>(done, wrap(e, "cache writer failed to write all entries"));
    }
  }

  /** Deletes many keys; returns the keys the writer deleted and the failure, if any. */
  public BulkOutcome<K> deleteAll(Collection<? extends K> keys) {
    List<K> pending = new ArrayList<>(keys);
    try {
      writer.deleteAll(pending);
      return new BulkOutcome<>(new LinkedHashSet<>(keys), null);
    } catch (RuntimeException e) {
      LinkedHashSet<K> done = new LinkedHashSet<>(keys);
      done.removeAll(pending);
      return new BulkOutcome<>(done, wrap(e, "cache writer failed to delete all keys"));
    }
  }

  private static CacheWriterException wrap(RuntimeException e, String message) {
    return e instanceof CacheWriterException cwe ? cwe : new CacheWriterException(message, e);
  }

  @Override
  public void close() throws IOException {
    if (writer instanceof Closeable c) {
      c.close();
    }
  }

  /**
   * What a bulk write-through achieved.
   *
   * @param done the keys the writer handled
   * @param failure the writer's failure, or null when it handled everything
   * @param <K> key type
   */
  public record BulkOutcome<K>(java.util.Set<K> done, CacheWriterException failure) {
  }
}
