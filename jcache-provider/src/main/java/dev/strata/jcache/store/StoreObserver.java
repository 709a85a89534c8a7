package dev.strata.jcache.store;

import java.util.List;

/**
 * Hears every reply of a cache's scripts, and every failure, before the caller does. The near
 * cache uses it so that a JVM changes its own near entries only after Redis answered: the changed
 * keys are named by the reply's events, and a failed call leaves its keys in doubt.
 */
public interface StoreObserver {

  /** An observer that does nothing. */
  StoreObserver NONE = new StoreObserver() {
    @Override
    public void replied(SegmentKeys segment, ScriptResult result) {
    }

    @Override
    public void failed(SegmentKeys segment, List<byte[]> keys) {
    }
  };

  /** A script on {@code segment} answered. */
  void replied(SegmentKeys segment, ScriptResult result);

  /**
   * A script on {@code segment} failed or timed out: it may or may not have been applied.
   *
   * @param keys the keys it was about, or null if it concerned the whole segment
   */
  void failed(SegmentKeys segment, List<byte[]> keys);

  /**
   * A single-key write stored {@code value} under {@code key}; {@code remainingMillis} is the
   * entry's time to live as Redis measured it (-1: never expires). Called after {@link #replied}.
   */
  default void wrote(byte[] key, byte[] value, ScriptResult reply, long remainingMillis) {
  }
}
