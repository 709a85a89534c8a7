package dev.strata.jcache.support;

import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * A listener for created, updated and removed events that hands each event to {@link #record};
 * tests subclass it (as a public static class, so JCache's factories can build it) to keep what
 * they need of each event.
 *
 * @param <K> key type
 * @param <V> value type
 */
public abstract class ChangeRecorder<K, V> implements CacheEntryCreatedListener<K, V>,
    CacheEntryUpdatedListener<K, V>, CacheEntryRemovedListener<K, V> {

  /** Keeps one event. */
  protected abstract void record(CacheEntryEvent<? extends K, ? extends V> event);

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    events.forEach(this::record);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    events.forEach(this::record);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    events.forEach(this::record);
  }
}
