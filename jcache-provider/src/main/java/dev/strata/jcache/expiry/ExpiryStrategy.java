package dev.strata.jcache.expiry;

import dev.strata.jcache.store.RemoteStore;
import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns a cache's {@link ExpiryPolicy} into the TTL arguments of the scripts.
 *
 * <p>The policy classes of {@code javax.cache.expiry} answer with constants, so their durations are
 * computed once and every operation runs as one script that picks the branch (create, update,
 * access) inside Redis. Any other policy may count or vary its answers, and JCache says exactly
 * which method an operation calls; for those the cache first reads the entry, calls only the method
 * of the branch it found, and commits with a version check ({@link #isConstant()} is false).
 */
public final class ExpiryStrategy implements Closeable {

  private static final Set<Class<?>> CONSTANT_POLICIES = Set.of(EternalExpiryPolicy.class,
      CreatedExpiryPolicy.class, AccessedExpiryPolicy.class, ModifiedExpiryPolicy.class, TouchedExpiryPolicy.class);

  private final ExpiryPolicy policy;
  private final boolean constant;
  private final long creation;
  private final long update;
  private final long access;

  /** Wraps the policy made by the cache's factory. */
  public ExpiryStrategy(ExpiryPolicy policy) {
    this.policy = policy;
    this.constant = CONSTANT_POLICIES.contains(policy.getClass());
    if (constant) {
      this.creation = creationTtl(policy);
      this.update = ttl(policy::getExpiryForUpdate, RemoteStore.TTL_UNCHANGED);
      this.access = ttl(policy::getExpiryForAccess, RemoteStore.TTL_UNCHANGED);
    } else {
      this.creation = 0;
      this.update = 0;
      this.access = 0;
    }
  }

  /** Whether the TTLs are constants that may be passed to the one-round-trip scripts. */
  public boolean isConstant() {
    return constant;
  }

  /** TTL for a new entry; calls {@code getExpiryForCreation} when the policy is not constant. */
  public long creationTtl() {
    return constant ? creation : creationTtl(policy);
  }

  /** TTL for an updated entry; calls {@code getExpiryForUpdate} when the policy is not constant. */
  public long updateTtl() {
    return constant ? update : ttl(policy::getExpiryForUpdate, RemoteStore.TTL_UNCHANGED);
  }

  /** TTL for a read entry; calls {@code getExpiryForAccess} when the policy is not constant. */
  public long accessTtl() {
    return constant ? access : ttl(policy::getExpiryForAccess, RemoteStore.TTL_UNCHANGED);
  }

  private static long creationTtl(ExpiryPolicy policy) {
    // a creation duration must exist; a failing or null answer means the entry does not expire
    long ttl = ttl(policy::getExpiryForCreation, RemoteStore.TTL_ETERNAL);
    return ttl == RemoteStore.TTL_UNCHANGED ? RemoteStore.TTL_ETERNAL : ttl;
  }

  /**
   * Converts a duration to the scripts' TTL argument; a policy that throws or returns null leaves
   * the expiry as it is ({@code onFailure} for creation), as the JCache reference does.
   */
  private static long ttl(Supplier<Duration> source, long onFailure) {
    Duration d;
    try {
      d = source.get();
    } catch (RuntimeException e) {
      return onFailure;
    }
    return toTtl(d);
  }

  /** The TTL argument for a duration: -1 for null, -2 for eternal, 0 for zero, else milliseconds (at least 1). */
  public static long toTtl(Duration d) {
    if (d == null) {
      return RemoteStore.TTL_UNCHANGED;
    }
    if (d.isEternal()) {
      return RemoteStore.TTL_ETERNAL;
    }
    if (d.isZero()) {
      return 0;
    }
    long ms = d.getTimeUnit().toMillis(d.getDurationAmount());
    return Math.max(1, ms);
  }

  @Override
  public void close() throws IOException {
    if (policy instanceof Closeable c) {
      c.close();
    }
  }
}
