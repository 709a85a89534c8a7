package dev.strata.jcache.store;

/**
 * What a write waits for before it counts as done. Redis replicates asynchronously: a master
 * answers before its replicas have the write, and a failover in that moment loses it. With
 * {@code replicas > 0} every user write is followed by {@code WAIT replicas timeout} on the same
 * connection (scripts cannot call {@code WAIT} themselves), and a write that fewer replicas
 * acknowledged in time fails with {@link ReplicaAcknowledgementException}.
 *
 * @param replicas replicas that must acknowledge each write; 0 = do not wait
 * @param timeoutMillis how long to wait for them
 */
public record Durability(int replicas, long timeoutMillis) {

  /** Writes are done when the master answered (Redis's default). */
  public static final Durability MASTER_ONLY = new Durability(0, 0);

  /** Validates the values. */
  public Durability {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas to wait for must not be negative, was " + replicas);
    }
    if (replicas > 0 && timeoutMillis <= 0) {
      throw new IllegalArgumentException("the replica wait timeout must be positive, was " + timeoutMillis);
    }
  }

  /** Whether writes wait for replicas. */
  public boolean waits() {
    return replicas > 0;
  }
}
