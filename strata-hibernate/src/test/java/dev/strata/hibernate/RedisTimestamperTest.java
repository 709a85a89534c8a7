package dev.strata.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheException;
import org.hibernate.cache.spi.support.SimpleTimestamper;
import org.junit.jupiter.api.Test;

/** The timestamp arithmetic, on hand-driven clocks (no Redis). */
class RedisTimestamperTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong nanos = new AtomicLong(5_000 * MS);
  private final AtomicLong redis = new AtomicLong(1_700_000_000_000L);
  private final AtomicInteger reads = new AtomicInteger();
  private volatile boolean redisDown;

  private RedisTimestamper timestamper() {
    return new RedisTimestamper(() -> {
      reads.incrementAndGet();
      if (redisDown) {
        throw new CacheException("Redis down");
      }
      return redis.get();
    }, nanos::get, Duration.ofSeconds(10));
  }

  @Test
  void usesHibernatesUnitSoTheInheritedLockTimeoutKeepsItsMeaning() {
    RedisTimestamper t = timestamper();
    assertEquals(redis.get() << 12, t.next());
    assertEquals(1 << RedisTimestamper.SUB_MILLI_BITS, SimpleTimestamper.ONE_MS);
    // Hibernate's 60 s soft-lock timeout is 60_000 of our milliseconds
    assertEquals(60_000L << 12, SimpleTimestamper.timeOut());
  }

  @Test
  void extrapolatesWithTheLocalMonotonicClockBetweenReadings() {
    RedisTimestamper t = timestamper();
    long first = t.next();
    nanos.addAndGet(250 * MS);
    assertEquals((redis.get() + 250) << 12, t.next());
    assertTrue(t.next() > first);
    assertEquals(1, reads.get(), "no round trip within the resync interval");
  }

  @Test
  void callsWithinOneMillisecondStillIncrease() {
    RedisTimestamper t = timestamper();
    long a = t.next();
    long b = t.next();
    long c = t.next();
    assertEquals(a + 1, b);
    assertEquals(b + 1, c);
  }

  @Test
  void neverGoesBackwardsWhenARereadFindsRedisBehind() {
    RedisTimestamper t = timestamper();
    nanos.addAndGet(10_000 * MS);
    long before = t.next(); // resyncs: Redis did not advance, so this is Redis's old time
    assertEquals(2, reads.get());
    nanos.addAndGet(10_000 * MS);
    redis.addAndGet(-3_000); // the server's clock was stepped back 3 s
    long after = t.next();
    assertEquals(3, reads.get());
    assertEquals(before + 1, after, "advances by one unit until Redis's clock catches up");
    nanos.addAndGet(5_000 * MS);
    redis.addAndGet(5_000);
    assertTrue(t.next() > after);
  }

  @Test
  void aFailedRereadKeepsExtrapolatingAndRetriesAfterTheNextInterval() {
    RedisTimestamper t = timestamper();
    redisDown = true;
    nanos.addAndGet(12_000 * MS);
    assertEquals((redis.get() + 12_000) << 12, t.next());
    assertEquals(2, reads.get());
    nanos.addAndGet(1_000 * MS);
    t.next();
    assertEquals(2, reads.get(), "no retry on every call while Redis is down");
    redisDown = false;
    nanos.addAndGet(10_000 * MS);
    redis.addAndGet(23_000);
    assertEquals(redis.get() << 12, t.next());
    assertEquals(3, reads.get());
  }

  @Test
  void theFirstReadingMustSucceed() {
    redisDown = true;
    assertThrows(CacheException.class, this::timestamper);
  }
}
