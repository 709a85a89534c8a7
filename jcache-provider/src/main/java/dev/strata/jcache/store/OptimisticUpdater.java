package dev.strata.jcache.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs an update whose decision needs code outside Redis (a custom expiry policy, a cache writer,
 * an entry processor): read the entry and its version, decide, then commit only if the version is
 * unchanged; on a conflict, read and decide again. This keeps every such operation atomic per key
 * across JVMs without locks, so a crashed JVM can never leave a key blocked. Events are delivered
 * by the store.
 */
public final class OptimisticUpdater {

  private final RemoteStore store;

  /** Creates the updater. */
  public OptimisticUpdater(RemoteStore store) {
    this.store = store;
  }

  /** Reads the entry (firing EXPIRED if it had expired). */
  public Snapshot read(byte[] key) {
    return store.read(key);
  }

  /** Reads, decides and commits until the commit finds the version it read. */
  public <T> T update(byte[] key, Function<Snapshot, Decision<T>> decide) {
    return update(key, read(key), decide);
  }

  /** As {@link #update(byte[], Function)}, starting from a snapshot already read. */
  public <T> T update(byte[] key, Snapshot first, Function<Snapshot, Decision<T>> decide) {
    Snapshot snapshot = first;
    for (int attempt = 0; ; attempt++) {
      Decision<T> d = decide.apply(snapshot);
      if (d.action() == 'N') {
        return d.result();
      }
      if (store.commit(key, snapshot.version(), d.action(), d.value(), d.ttl(), d.removedEvent())) {
        return d.result();
      }
      backOff(attempt);
      snapshot = read(key);
    }
  }

  private static void backOff(int attempt) {
    if (attempt > 2) {
      // contended key: spread the retries so that the writers do not collide in lock step
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000, 50_000L * Math.min(attempt, 20)));
    }
  }
}
