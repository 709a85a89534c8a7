package dev.strata.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs an update whose decision needs code outside Redis (a custom expiry policy, a cache writer,
 * an entry processor): read the entry and its version, decide, then commit only if the version is
 * unchanged; on a conflict, read and decide again. This keeps every such operation atomic per key
 * across JVMs without locks, so a crashed JVM can never leave a key blocked.
 */
public final class OptimisticUpdater {

  private final RemoteStore store;
  private final Consumer<List<RawEvent>> events;

  /** Creates the updater; {@code events} receives the events of every script call. */
  public OptimisticUpdater(RemoteStore store, Consumer<List<RawEvent>> events) {
    this.store = store;
    this.events = events;
  }

  /** Reads the entry (firing EXPIRED if it had expired). */
  public Snapshot read(byte[] key) {
    ScriptResult r = store.read(key);
    events.accept(r.events());
    byte[] value = r.bytes(0);
    return new Snapshot(value, value == null ? RemoteStore.ABSENT_VERSION : new String(r.bytes(1),
        StandardCharsets.US_ASCII));
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
      ScriptResult r = store.commit(key, snapshot.version(), d.action(), d.value(), d.ttl(), d.removedEvent());
      events.accept(r.events());
      if (r.number(0) == 1) {
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
