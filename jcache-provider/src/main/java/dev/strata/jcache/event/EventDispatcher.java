package dev.strata.jcache.event;

import dev.strata.jcache.store.RawEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a cache's events to its registered listeners. Events caused by an operation in this JVM
 * come from the script's reply and are delivered before the operation returns; events caused by
 * other JVMs (and by background expiry sweeps) arrive through the cache's channel.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventDispatcher<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final Cache<K, V> source;
  private final Function<byte[], Object> decoder;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

  /** Creates the dispatcher of {@code source}; {@code decoder} turns encoded keys and values into objects. */
  public EventDispatcher(Cache<K, V> source, Function<byte[], Object> decoder) {
    this.source = source;
    this.decoder = decoder;
  }

  /** Whether any listener is registered; when none is, events need not be decoded at all. */
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /**
   * Registers a listener. Registrations change under a lock (so that two threads registering the
   * same configuration cannot both succeed) while events and {@link #configurations()} read the
   * copy-on-write list without one.
   *
   * @throws IllegalArgumentException if the same configuration is already registered
   */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    synchronized (registrations) {
      for (ListenerRegistration<K, V> r : registrations) {
        if (r.configuration().equals(configuration)) {
          throw new IllegalArgumentException("listener configuration already registered: " + configuration);
        }
      }
      registrations.add(new ListenerRegistration<>(configuration));
    }
  }

  /** Removes and closes the registration of this configuration, if any. */
  public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    ListenerRegistration<K, V> removed = null;
    synchronized (registrations) {
      for (ListenerRegistration<K, V> r : registrations) {
        if (r.configuration().equals(configuration)) {
          registrations.remove(r);
          removed = r;
          break;
        }
      }
    }
    if (removed != null) {
      // outside the lock: a listener's close may take its time
      closeQuietly(removed);
    }
  }

  /** The configurations of the listeners registered now (a copy). */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> out = new ArrayList<>();
    for (ListenerRegistration<K, V> r : registrations) {
      out.add(r.configuration());
    }
    return out;
  }

  /** Closes every registration (on cache close). */
  public void closeAll() {
    List<ListenerRegistration<K, V>> all;
    synchronized (registrations) {
      all = new ArrayList<>(registrations);
      registrations.clear();
    }
    all.forEach(this::closeQuietly);
  }

  /**
   * Delivers events caused by an operation of this JVM. A listener's failure is reported to the
   * caller as a {@link CacheEntryListenerException} after every listener has had its events; the
   * cache itself is already changed at that point and stays consistent.
   */
  public void fireLocal(List<RawEvent> events) {
    if (events.isEmpty() || registrations.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    for (RawEvent raw : events) {
      failure = deliver(raw, failure);
    }
    if (failure != null) {
      throw failure instanceof CacheEntryListenerException ? failure
          : new CacheEntryListenerException("a cache entry listener of cache " + source.getName() + " failed", failure);
    }
  }

  /** Delivers events from another JVM or from a sweep; listener failures are logged, never thrown. */
  public void fireRemote(List<RawEvent> events) {
    if (registrations.isEmpty()) {
      return;
    }
    for (RawEvent raw : events) {
      RuntimeException failure = deliver(raw, null);
      if (failure != null) {
        LOG.warn("cache entry listener of cache {} failed on a remote event", source.getName(), failure);
      }
    }
  }

  private RuntimeException deliver(RawEvent raw, RuntimeException failure) {
    EventType type = typeOf(raw.type());
    if (type == null) {
      return failure;
    }
    CacheEntryEvent<K, V> plain = null;
    CacheEntryEvent<K, V> withOld = null;
    for (ListenerRegistration<K, V> r : registrations) {
      if (!r.wants(type)) {
        continue;
      }
      CacheEntryEvent<K, V> event;
      if (r.isOldValueRequired()) {
        withOld = withOld != null ? withOld : decode(type, raw, true);
        event = withOld;
      } else {
        plain = plain != null ? plain : decode(type, raw, false);
        event = plain;
      }
      try {
        r.deliver(event);
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    return failure;
  }

  @SuppressWarnings("unchecked")
  private CacheEntryEvent<K, V> decode(EventType type, RawEvent raw, boolean withOld) {
    K key = (K) decoder.apply(raw.key());
    V value = raw.value() == null ? null : (V) decoder.apply(raw.value());
    boolean hasOld = raw.oldValue() != null;
    V old = hasOld ? (V) decoder.apply(raw.oldValue()) : null;
    if (type == EventType.CREATED) {
      return new StrataCacheEntryEvent<>(source, type, key, value, null, false);
    }
    if (type == EventType.UPDATED) {
      return new StrataCacheEntryEvent<>(source, type, key, value, old, withOld && hasOld);
    }
    // REMOVED and EXPIRED: the value is the one that went away
    V removed = old != null ? old : value;
    return new StrataCacheEntryEvent<>(source, type, key, removed, removed, true);
  }

  private static EventType typeOf(char code) {
    switch (code) {
      case 'C':
        return EventType.CREATED;
      case 'U':
        return EventType.UPDATED;
      case 'R':
        return EventType.REMOVED;
      case 'X':
        return EventType.EXPIRED;
      default:
        return null;
    }
  }

  private void closeQuietly(ListenerRegistration<K, V> r) {
    try {
      r.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing a listener of cache {} failed", source.getName(), e);
    }
  }
}
