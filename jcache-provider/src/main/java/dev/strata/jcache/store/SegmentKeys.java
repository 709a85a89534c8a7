package dev.strata.jcache.store;

import java.util.List;

/**
 * The Redis keys of one segment of one cache. They share a hash tag, so a script may touch all of
 * them at once, also on Redis Cluster.
 *
 * @param index the segment number
 * @param entries the hash of entries
 * @param expiry the sorted set of expiry times
 * @param meta the hash holding the segment's sequence number
 */
public record SegmentKeys(int index, String entries, String expiry, String meta) {

  /** The keys in the order the scripts expect them (KEYS[1..3]). */
  public List<Object> asList() {
    return List.of(entries, expiry, meta);
  }
}
