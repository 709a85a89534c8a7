package dev.strata.jcache.processor;

import dev.strata.jcache.integration.ReadThrough;
import java.util.Objects;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} works on. It records what the processor did so that only the
 * net effect is applied to the cache: set then remove of an absent entry is nothing, a value loaded
 * through read-through is created without calling the writer, and so on.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StrataMutableEntry<K, V> implements MutableEntry<K, V> {

  /** The net effect of a processor run. */
  public enum Outcome {
    /** Nothing observable happened. */
    NONE,
    /** The existing value was read. */
    ACCESSED,
    /** The value was loaded through read-through and should be created without the writer. */
    LOADED,
    /** A new entry was set. */
    CREATED,
    /** An existing entry got a new value. */
    UPDATED,
    /** The entry was removed. */
    REMOVED
  }

  private final K key;
  private final V original;
  private final ReadThrough<K, V> loader;
  private V value;
  private Outcome outcome = Outcome.NONE;
  private boolean loadAttempted;

  /** Creates the entry; {@code loader} is null unless the cache reads through. */
  public StrataMutableEntry(K key, V original, ReadThrough<K, V> loader) {
    this.key = key;
    this.original = original;
    this.value = original;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (outcome == Outcome.NONE || outcome == Outcome.ACCESSED) {
      if (value == null && loader != null && !loadAttempted) {
        loadAttempted = true;
        V loaded = loader.load(key);
        if (loaded != null) {
          value = loaded;
          outcome = Outcome.LOADED;
          return value;
        }
      }
      if (value != null) {
        outcome = Outcome.ACCESSED;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    value = null;
    outcome = outcome == Outcome.CREATED || outcome == Outcome.LOADED ? Outcome.NONE : Outcome.REMOVED;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor may not set a null value");
    value = newValue;
    outcome = original != null ? Outcome.UPDATED : Outcome.CREATED;
  }

  /** What the processor did, as a net effect. */
  public Outcome outcome() {
    return outcome;
  }

  /** The value to store for CREATED, UPDATED and LOADED. */
  public V value() {
    return value;
  }

  /** Whether the original entry existed. */
  public boolean existed() {
    return original != null;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a mutable entry to " + clazz.getName());
  }
}
