package dev.strata.jcache.store;

/**
 * The Redis keys of one segment of one cache. They share a hash tag, so a script may touch both at
 * once, also on Redis Cluster. The segment's meta record (sequence, epoch, leases) lives in the
 * entries hash itself, under fields starting with {@code #}.
 *
 * @param index the segment number
 * @param entries the hash of entries (and meta fields)
 * @param expiry the sorted set indexing expiry times for the sweeper
 */
public record SegmentKeys(int index, String entries, String expiry) {
}
