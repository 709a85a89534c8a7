package dev.strata.jcache.store;

/**
 * How long a call to Redis may take and how it is retried: the response timeout of one attempt
 * (Redisson's), the deadline of the whole call, the pause between attempts and how many re-sends
 * at most, and how long a write's reply is kept in Redis for a re-sent request.
 *
 * @param timeoutMillis response timeout of one attempt
 * @param deadlineMillis the longest one call may take, re-sends included
 * @param retryIntervalMillis pause before a re-send
 * @param maxResends re-sends at most, within the deadline
 */
public record CallPolicy(long timeoutMillis, long deadlineMillis, long retryIntervalMillis, int maxResends) {

  /** The defaults of the manager properties. */
  public static final CallPolicy DEFAULT = new CallPolicy(2_000, 4_000, 300, 10);

  /** Validates the values. */
  public CallPolicy {
    if (timeoutMillis <= 0 || deadlineMillis <= 0 || retryIntervalMillis <= 0 || maxResends < 0) {
      throw new IllegalArgumentException("call policy values must be positive");
    }
  }

  /**
   * How long a write's reply stays in Redis for a re-sent request: longer than any re-send of the
   * same call can come (the deadline), with room for a slow network.
   */
  public long replyRetentionMillis() {
    return 2 * deadlineMillis + timeoutMillis;
  }
}
