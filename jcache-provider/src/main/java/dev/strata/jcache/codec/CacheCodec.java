package dev.strata.jcache.codec;

import javax.cache.CacheException;

/**
 * The codec of one cache: {@link KryoCodec} with errors turned into {@link CacheException}s that
 * name the cache, so that a user sees which cache holds a rejected class or corrupt bytes.
 */
public final class CacheCodec {

  private final String cacheName;
  private final KryoCodec codec;

  /** Creates the codec of cache {@code cacheName}. */
  public CacheCodec(String cacheName, KryoCodec codec) {
    this.cacheName = cacheName;
    this.codec = codec;
  }

  /**
   * Encodes a key or a value.
   *
   * @throws ValueTooLargeException when the encoded form exceeds the codec's limit
   * @throws CacheException naming the cache for any other value that cannot be encoded
   */
  public byte[] encode(Object o) {
    try {
      return codec.encode(o);
    } catch (EncodedSizeExceededException e) {
      throw new ValueTooLargeException(cacheName, e);
    } catch (ClassNotAllowedException e) {
      throw new CacheException("cache '" + cacheName + "': " + e.getMessage(), e);
    } catch (CodecException e) {
      throw new CacheException("cache '" + cacheName + "': " + e.getMessage(), e);
    }
  }

  /** Decodes bytes read from Redis; null stays null. */
  public Object decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return codec.decode(bytes);
    } catch (ClassNotAllowedException e) {
      throw new CacheException("cache '" + cacheName + "': " + e.getMessage(), e);
    } catch (CodecException e) {
      throw new CacheException("cache '" + cacheName + "': cannot read an entry from Redis: " + e.getMessage(), e);
    }
  }
}
