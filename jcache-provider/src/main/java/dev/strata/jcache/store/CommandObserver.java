package dev.strata.jcache.store;

/**
 * Told about every call a {@link ScriptExecutor} waits for: the manager's Redis metrics
 * ({@code <prefix>.redis.commands.*}). Called on the caller's thread; must be cheap and must not
 * throw.
 */
public interface CommandObserver {

  /** Observes nothing. */
  CommandObserver NONE = new CommandObserver() {
  };

  /** A call starts waiting for Redis. */
  default void started() {
  }

  /** The call that {@link #started()} ended, successfully or not. */
  default void finished() {
  }

  /** The call is sent again after a failure that can pass. */
  default void resent() {
  }

  /** An attempt failed because a failover or resharding is in progress (the call may still succeed). */
  default void failoverError() {
  }

  /** The call failed for good with a {@code CacheException}; {@code cacheName} may be null. */
  default void failed(String cacheName) {
  }
}
