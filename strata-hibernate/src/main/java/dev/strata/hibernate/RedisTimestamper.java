package dev.strata.hibernate;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.cache.CacheException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hibernate timestamps on Redis's clock. A timestamp has Hibernate's own unit (that of
 * {@code SimpleTimestamper}): milliseconds shifted left by 12 bits, the low bits counting calls within
 * one millisecond, so {@code RegionFactory.getTimeout()} (60 s in that unit) keeps its meaning.
 *
 * <p>Asking Redis on every call would add a round trip to every transaction completion and every
 * read-write cache put. Instead the clock reads Redis {@code TIME} once, remembers it against the
 * local monotonic clock ({@link System#nanoTime()}, immune to wall-clock steps) and extrapolates; it
 * reads Redis again every {@code resyncInterval} to follow drift. Within one JVM a timestamp never
 * goes backwards, even when a re-read finds Redis's clock behind the extrapolation: it then advances
 * by one unit per call until Redis's clock catches up.
 *
 * <p>A failed re-read keeps the previous reading (the local clock drifts by far less than Hibernate's
 * 60 s lock timeout between re-reads) and is retried after the next interval; the first reading must
 * succeed.
 */
final class RedisTimestamper {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTimestamper.class);

  /** Bits below the millisecond, as in Hibernate's {@code SimpleTimestamper}. */
  static final int SUB_MILLI_BITS = 12;

  /** A round trip short enough to trust its reading to a millisecond. */
  private static final long GOOD_ROUND_TRIP_NANOS = 2_000_000L;
  private static final int MAX_READ_ATTEMPTS = 3;

  private final LongSupplier redisMillis;
  private final LongSupplier nanoClock;
  private final long resyncNanos;
  private final AtomicLong last = new AtomicLong();
  private volatile Reading reading;

  /** Redis's clock in milliseconds at the local monotonic instant {@code nanos}. */
  private record Reading(long redisMillis, long nanos) {
    long millisAt(long nowNanos) {
      return redisMillis + Math.floorDiv(nowNanos - nanos, 1_000_000L);
    }
  }

  /**
   * @param redisMillis reads Redis's clock (one round trip); throws a {@link CacheException} on failure
   * @param nanoClock the local monotonic clock, {@code System::nanoTime} outside tests
   * @param resyncInterval how long a reading of Redis's clock is trusted
   */
  RedisTimestamper(LongSupplier redisMillis, LongSupplier nanoClock, Duration resyncInterval) {
    this.redisMillis = requireNonNull(redisMillis, "redisMillis");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.resyncNanos = requireNonNull(resyncInterval, "resyncInterval").toNanos();
    this.reading = read();
  }

  /** The next timestamp: Redis's time now in Hibernate's unit, greater than any returned before. */
  long next() {
    long now = nanoClock.getAsLong();
    Reading current = reading;
    if (now - current.nanos() >= resyncNanos) {
      current = resync(current);
    }
    long base = current.millisAt(now) << SUB_MILLI_BITS;
    while (true) {
      long previous = last.get();
      long next = Math.max(base, previous + 1);
      if (last.compareAndSet(previous, next)) {
        return next;
      }
    }
  }

  /** Reads Redis again unless another thread did since {@code seen} was current. */
  private synchronized Reading resync(Reading seen) {
    if (reading != seen) {
      return reading;
    }
    try {
      reading = read();
    } catch (CacheException e) {
      long now = nanoClock.getAsLong();
      // keep extrapolating the old reading; anchoring it at now delays the next attempt by one interval
      reading = new Reading(seen.millisAt(now), now);
      LOG.warn("Strata: cannot re-read Redis's clock for Hibernate timestamps, extrapolating the last reading: {}",
          e.getMessage());
    }
    return reading;
  }

  /**
   * One reading, placed at the midpoint of its round trip, so its error is at most half the round
   * trip. A slow round trip (the first one may also open the connection) is repeated, and the
   * fastest of a few kept.
   */
  private Reading read() {
    Reading best = null;
    long bestRoundTrip = Long.MAX_VALUE;
    for (int attempt = 0; attempt < MAX_READ_ATTEMPTS && bestRoundTrip > GOOD_ROUND_TRIP_NANOS; attempt++) {
      long before = nanoClock.getAsLong();
      long millis = redisMillis.getAsLong();
      long after = nanoClock.getAsLong();
      if (after - before < bestRoundTrip) {
        bestRoundTrip = after - before;
        best = new Reading(millis, before + (after - before) / 2);
      }
    }
    return best;
  }
}
