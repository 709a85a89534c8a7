package dev.strata.hibernate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link StrataCacheManager#redisTimeMillis()} and the timestamper on a real redis-server. */
@ExtendWith(RedisExtension.class)
class RedisClockTest {

  private static CacheManager manager(RedisNode redis) {
    Properties properties = new Properties();
    properties.setProperty("strata.redis.deadline-ms", "1000");
    return new StrataCachingProvider().getCacheManager(URI.create(redis.uri() + "?namespace=clock"),
        RedisClockTest.class.getClassLoader(), properties);
  }

  private static long serverMillis(RedisNode redis) {
    List<?> time = (List<?>) redis.command("TIME");
    return Long.parseLong(time.get(0).toString()) * 1_000 + Long.parseLong(time.get(1).toString()) / 1_000;
  }

  @Test
  void readsTheServersClock(RedisNode redis) {
    try (CacheManager manager = manager(redis)) {
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      long before = serverMillis(redis);
      long read = strata.redisTimeMillis();
      long after = serverMillis(redis);
      assertTrue(before <= read && read <= after, before + " <= " + read + " <= " + after);
    }
  }

  @Test
  void timestampsFollowTheServersClockInHibernatesUnit(RedisNode redis) {
    try (CacheManager manager = manager(redis)) {
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      RedisTimestamper timestamper = new RedisTimestamper(strata::redisTimeMillis, System::nanoTime,
          Duration.ofSeconds(10));
      long previous = 0;
      for (int i = 0; i < 20; i++) {
        long before = serverMillis(redis);
        long ts = timestamper.next();
        long after = serverMillis(redis);
        assertTrue(ts > previous, "increasing");
        // extrapolation error stays within a few ms of the server's clock
        assertTrue((ts >> 12) >= before - 5 && (ts >> 12) <= after + 5, before + " ~ " + (ts >> 12) + " ~ " + after);
        previous = ts;
      }
    }
  }

  @Test
  void failsWithinTheDeadlineWhenRedisIsDown(@PrivateRedis RedisNode redis) {
    try (CacheManager manager = manager(redis)) {
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      strata.redisTimeMillis(); // connected
      redis.pause();
      try {
        long start = System.nanoTime();
        CacheException e = assertThrows(CacheException.class, strata::redisTimeMillis);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("TIME"), e.getMessage());
        assertTrue(tookMillis < 3_000, "took " + tookMillis + " ms");
      } finally {
        redis.resume();
      }
    }
  }
}
