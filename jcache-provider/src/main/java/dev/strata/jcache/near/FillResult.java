package dev.strata.jcache.near;

import dev.strata.jcache.store.ReadReply;

/**
 * The answer of one remote read made for a near cache.
 *
 * @param value the encoded value, or null if absent
 * @param remainingMillis the entry's remaining time to live as measured by Redis, -1 if it never
 *     expires
 * @param epoch the segment's epoch at the read
 * @param sequence the segment's sequence number at the read
 */
public record FillResult(byte[] value, long remainingMillis, String epoch, long sequence) {

  /** The fill result of a single-key read. */
  public static FillResult of(ReadReply r) {
    return new FillResult(r.value(), r.remainingMillis(), r.epoch(), r.sequence());
  }
}
