package dev.strata.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * A cache entry event. For REMOVED and EXPIRED events the value is the value that was removed, and
 * it is also the old value.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StrataCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  /** Creates an event; {@code oldValueAvailable} says whether {@link #getOldValue()} is meaningful. */
  public StrataCacheEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue,
      boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
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
  public V getOldValue() {
    return oldValueAvailable ? oldValue : null;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry event to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "CacheEntryEvent[" + getEventType() + " " + key + "]";
  }
}
