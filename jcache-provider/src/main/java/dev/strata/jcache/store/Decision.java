package dev.strata.jcache.store;

/**
 * What an optimistic update decided to do with an entry, and what the operation returns if the
 * commit succeeds.
 *
 * @param action S set, D delete, T touch, or N nothing (no commit needed)
 * @param value the encoded value to set (action S)
 * @param ttl the TTL argument (actions S and T)
 * @param removedEvent whether a delete fires REMOVED (action D)
 * @param result what the operation returns
 * @param <T> the operation's result type
 */
public record Decision<T>(char action, byte[] value, long ttl, boolean removedEvent, T result) {

  /** Commit nothing; return {@code result}. */
  public static <T> Decision<T> nothing(T result) {
    return new Decision<>('N', null, 0, false, result);
  }

  /** Store {@code value} with {@code ttl}; return {@code result}. */
  public static <T> Decision<T> set(byte[] value, long ttl, T result) {
    return new Decision<>('S', value, ttl, false, result);
  }

  /** Delete the entry, firing REMOVED; return {@code result}. */
  public static <T> Decision<T> delete(T result) {
    return new Decision<>('D', null, 0, true, result);
  }

  /** Apply {@code ttl} to the entry's expiry (nothing for an unchanged TTL); return {@code result}. */
  public static <T> Decision<T> touch(long ttl, T result) {
    return ttl == RemoteStore.TTL_UNCHANGED ? nothing(result)
        : new Decision<>('T', null, ttl, false, result);
  }
}
