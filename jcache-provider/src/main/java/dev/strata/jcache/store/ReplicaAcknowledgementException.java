package dev.strata.jcache.store;

import javax.cache.CacheException;

/**
 * A write was applied by the master, but fewer replicas than {@link Durability} asks for
 * acknowledged it in time: a failover now could lose it. The write is not undone (Redis cannot
 * take it back); the caller decides whether to repeat it, alert or accept the risk.
 */
public final class ReplicaAcknowledgementException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final int acknowledged;
  private final int required;

  /** Creates the exception for a write of {@code operation} on {@code address}. */
  public ReplicaAcknowledgementException(String operation, String address, int acknowledged, int required,
      long timeoutMillis) {
    super("Redis operation " + operation + " was applied on the master at " + address + " but acknowledged by "
        + acknowledged + " of the " + required + " replicas required within " + timeoutMillis
        + " ms (strata.redis.wait-replicas); a failover now could lose it");
    this.acknowledged = acknowledged;
    this.required = required;
  }

  /** Replicas that acknowledged the write in time. */
  public int acknowledged() {
    return acknowledged;
  }

  /** Replicas required. */
  public int required() {
    return required;
  }
}
