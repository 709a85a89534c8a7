package dev.strata.jcache.codec;

import javax.cache.CacheException;

/**
 * A key or value is larger, once encoded, than the cache manager allows ({@code
 * strata.max-value-bytes}). Nothing was sent to Redis: the operation had no effect. The message
 * names the cache, the limit and the property to raise; it never contains the data.
 */
public final class ValueTooLargeException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final int maxBytes;

  /** Creates the exception for cache {@code cacheName}. */
  public ValueTooLargeException(String cacheName, EncodedSizeExceededException cause) {
    super("cache '" + cacheName + "': " + cause.getMessage(), cause);
    this.maxBytes = cause.maxBytes();
  }

  /** The limit that was exceeded, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }
}
