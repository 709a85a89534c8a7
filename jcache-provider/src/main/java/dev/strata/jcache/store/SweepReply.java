package dev.strata.jcache.store;

/**
 * What one sweep of a segment did: entries removed as expired, and entries still due afterwards
 * (more than one batch was due), so the sweeper knows whether to sweep the segment again.
 */
public record SweepReply(long removed, long stillDue) {
}
