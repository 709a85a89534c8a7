package dev.strata.jcache.store;

/**
 * The answer of a single-key read.
 *
 * @param value the encoded value, or null if absent
 * @param remainingMillis the entry's remaining time to live as measured by Redis, -1 if it never
 *     expires
 * @param epoch the segment's epoch at the read
 * @param sequence the segment's sequence number at the read
 */
public record ReadReply(byte[] value, long remainingMillis, String epoch, long sequence) {
}
