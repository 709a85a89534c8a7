package dev.strata.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.WriteRedisConnectionException;

/** Failure messages are short, name what failed and never carry the command's arguments. */
class FailuresTest {

  private static final CallPolicy POLICY = new CallPolicy(1_000, 3_000, 300, 10);

  @Test
  void messagesNameOperationCacheAndNodeButNoArguments() {
    RedisException redisson = new RedisException("ERR something broke. channel: [id: 0x1] command: (EVALSHA), "
        + "params: [secret-value-bytes, 1, 2]");
    CacheException e = Failures.exception("put", "orders", "redis://h:1", redisson, false, POLICY, 3_000);
    assertEquals("Strata: put on cache 'orders' failed at redis://h:1: ERR something broke (RedisException)",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
    assertTrue(e.getCause() == redisson, "the Redisson detail stays available as the cause");
  }

  @Test
  void unknownOutcomesSaySo() {
    CacheException e = Failures.exception("put", "orders", "redis://h:1",
        new RedisResponseTimeoutException("Redis server response timeout (1000 ms) ... params: [v]"), true, POLICY, 3_000);
    assertTrue(e.getMessage().endsWith("outcome unknown: the write may or may not have been applied"), e.getMessage());
    assertTrue(e.getMessage().contains("did not answer within 1000 ms"), e.getMessage());
    assertTrue(e.getMessage().length() < 200, e.getMessage());
  }

  @Test
  void whatMayHaveBeenApplied() {
    assertTrue(Failures.mayHaveReachedRedis(new RedisResponseTimeoutException("t")));
    assertTrue(Failures.mayHaveReachedRedis(new TimeoutException()));
    assertTrue(Failures.mayHaveReachedRedis(new RedisConnectionException("closed")));
    assertFalse(Failures.mayHaveReachedRedis(new WriteRedisConnectionException("not written")));
    assertFalse(Failures.mayHaveReachedRedis(new RedisException("ERR")));
    assertTrue(Failures.transientFailure(new RedisConnectionException("closed")));
    assertFalse(Failures.transientFailure(new RedisException("ERR user_script")));
  }
}
