package dev.strata.jcache.integration;

import javax.cache.Cache;

/**
 * An immutable {@link Cache.Entry}, as handed to cache writers and returned by iterators.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class SimpleEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  /** Creates the entry. */
  public SimpleEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
