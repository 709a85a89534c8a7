package dev.strata.jcache.event;

import dev.strata.jcache.store.RemoteStore;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps values in a cache's channel messages while this JVM has entry listeners on it. Messages
 * carry only event types and keys unless some JVM holds the cache's listener lease (a server-time
 * deadline in each segment's meta record): near caches need only keys, and copying every value
 * into every message was most of a write's cost. The lease is taken before a listener registration
 * returns and renewed from the manager's periodic sweep well before it runs out.
 */
public final class ListenerLease {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerLease.class);

  /** How long a lease lasts. */
  static final long LEASE_MILLIS = 30_000;
  /** How often a held lease is renewed. */
  static final long RENEW_MILLIS = 10_000;

  private final RemoteStore store;
  private final BooleanSupplier hasListeners;
  private volatile long renewedAt;

  /** A lease for the cache behind {@code store}, wanted while {@code hasListeners} says so. */
  public ListenerLease(RemoteStore store, BooleanSupplier hasListeners) {
    this.store = store;
    this.hasListeners = hasListeners;
  }

  /** Takes (or extends) the lease now; called when a listener is registered. */
  public void acquire() {
    store.leaseListeners(LEASE_MILLIS);
    renewedAt = System.nanoTime();
  }

  /** Renews the lease if listeners are registered and the last renewal is old enough. */
  public void renewIfDue() {
    if (!hasListeners.getAsBoolean() || System.nanoTime() - renewedAt < RENEW_MILLIS * 1_000_000) {
      return;
    }
    try {
      acquire();
    } catch (RuntimeException e) {
      LOG.warn("renewing the listener lease failed; other JVMs' events may arrive without values", e);
    }
  }
}
