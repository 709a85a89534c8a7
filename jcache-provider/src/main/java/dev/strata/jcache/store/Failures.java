package dev.strata.jcache.store;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.client.WriteRedisConnectionException;

/**
 * Classifies Redis and Redisson failures (can they pass? may the request have been applied?) and
 * turns them into short {@link CacheException}s that name the operation, the cache, the node and
 * the cause. Redisson's own messages list the command's arguments (values included), so they are
 * never copied whole into a message: the Redisson exception stays available as the cause.
 */
final class Failures {

  private static final int MAX_DETAIL = 160;

  private Failures() {
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Whether a re-send may succeed: timeouts, dropped connections, failovers and resharding in
   * progress (a slot whose new master is not known yet), a server busy with a long script.
   */
  static boolean transientFailure(Throwable error) {
    // Redisson wraps some failures ("Unexpected exception while processing command"): look inside
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (transientType(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a failure says a failover or resharding is in progress: the cluster is down, the master
   * is down or now a replica, a slot is moving, or its node is not known yet.
   */
  static boolean failoverInProgress(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RedisClusterDownException || t instanceof RedisMasterDownException
          || t instanceof RedisReadonlyException || t instanceof RedisTryAgainException
          || t instanceof RedisNodeNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a failure says the node did not answer: a response timeout, a connection that could
   * not be made or was lost. What the circuit breaker counts; error replies do not count.
   */
  static boolean nodeUnreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RedisTimeoutException || t instanceof RedisConnectionException
          || t instanceof RedisReconnectedException || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientType(Throwable t) {
    return t instanceof java.io.IOException || t instanceof RedisTimeoutException || t instanceof RedisConnectionException
        || t instanceof RedisReconnectedException || t instanceof RedisLoadingException
        || t instanceof RedisTryAgainException || t instanceof RedisClusterDownException
        || t instanceof RedisMasterDownException || t instanceof RedisReadonlyException
        || t instanceof RedisRetryException || t instanceof RedisNodeNotFoundException
        || t instanceof RedisBusyException;
  }

  /**
   * Whether the request may have reached Redis and been applied: a timeout waiting for the reply or
   * a connection that dropped after sending. Failures to connect or to write, and error replies,
   * mean it was not applied.
   */
  static boolean mayHaveReachedRedis(Throwable t) {
    if (t instanceof TimeoutException || t instanceof InterruptedException) {
      return true;
    }
    if (t instanceof WriteRedisConnectionException) {
      return false;
    }
    if (t instanceof RedisTimeoutException) {
      return t instanceof RedisResponseTimeoutException;
    }
    if (t instanceof RedisConnectionException || t instanceof RedisReconnectedException) {
      return true;
    }
    // a wrapped network failure: the connection may have dropped after the request was written
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof java.io.IOException || c instanceof RedisConnectionException) {
        return true;
      }
    }
    return false;
  }

  static CacheException exception(String operation, String cacheName, String address, Throwable cause,
      boolean outcomeUnknown, CallPolicy policy, long deadlineMillis) {
    StringBuilder sb = new StringBuilder("Strata: ").append(operation);
    if (cacheName != null) {
      sb.append(" on cache '").append(cacheName).append('\'');
    }
    sb.append(" failed at ").append(address).append(": ").append(describe(cause, policy.timeoutMillis()));
    if (cause instanceof TimeoutException) {
      sb.append(" (deadline ").append(deadlineMillis).append(" ms)");
    }
    if (outcomeUnknown) {
      sb.append("; outcome unknown: the write may or may not have been applied");
    }
    return new CacheException(sb.toString(), cause);
  }

  /** A short description of a failure, without the command's arguments. */
  static String describe(Throwable t, long timeoutMillis) {
    if (t == null) {
      return "unknown error";
    }
    if (t instanceof TimeoutException) {
      return "no reply before the call's deadline";
    }
    if (t instanceof CircuitBreaker.CircuitOpenException open) {
      return open.state();
    }
    if (t instanceof InterruptedException) {
      return "interrupted while waiting for Redis";
    }
    if (t instanceof RedisResponseTimeoutException) {
      return "Redis did not answer within " + timeoutMillis + " ms";
    }
    if (t instanceof RedisTimeoutException) {
      return "no connection to Redis could be used in time";
    }
    if (t instanceof RedisConnectionException) {
      return "the connection to Redis failed";
    }
    String message = String.valueOf(t.getMessage());
    for (String cut : new String[] {". channel:", " channel:", "command:", "params:"}) {
      int at = message.indexOf(cut);
      if (at >= 0) {
        message = message.substring(0, at);
      }
    }
    if (message.length() > MAX_DETAIL) {
      message = message.substring(0, MAX_DETAIL) + "...";
    }
    return message.strip() + " (" + t.getClass().getSimpleName() + ")";
  }
}
