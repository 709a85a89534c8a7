package dev.strata.jcache.cache;

import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.store.EntryBound;
import dev.strata.jcache.store.RemoteStore;

/**
 * How a cache's operations run, decided once when the cache is built.
 *
 * @param oneScript every single-key operation is one script decided inside Redis (the expiry
 *     policy's durations are constants); otherwise read, decide in Java, commit with a version check
 * @param plainReads reads are a plain {@code HMGET}: no entry of this cache can expire, reads
 *     change no expiry and its eviction policy (if any) needs no record of reads, so nothing needs
 *     the server's clock or a write
 */
record ExecutionPath(boolean oneScript, boolean plainReads) {

  /**
   * System property that forces the read-decide-commit path on every cache, so that tests can run
   * the same operations both ways and compare (internal: not a tuning knob).
   */
  static final String FORCE_COMMIT_PROPERTY = "strata.internal.read-decide-commit";

  static ExecutionPath choose(ExpiryStrategy expiry, EntryBound bound) {
    if (!expiry.isConstant() || Boolean.getBoolean(FORCE_COMMIT_PROPERTY)) {
      return new ExecutionPath(false, false);
    }
    boolean neverExpires = expiry.creationTtl() == RemoteStore.TTL_ETERNAL
        && (expiry.updateTtl() == RemoteStore.TTL_UNCHANGED || expiry.updateTtl() == RemoteStore.TTL_ETERNAL)
        && expiry.accessTtl() == RemoteStore.TTL_UNCHANGED;
    return new ExecutionPath(true, neverExpires && !bound.policy().recordsReads());
  }
}
