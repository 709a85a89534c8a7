package dev.strata.jcache.codec;

import javax.cache.CacheException;

/**
 * The codec of one cache: {@link KryoCodec} with errors turned into {@link CacheException}s that
 * name the cache, so that a user sees which cache holds a rejected class or corrupt bytes.
 */
public final class CacheCodec {

  private final String cacheName;
  private final KryoCodec codec;
  private final int compressAbove;
  private final ValueEncryption encryption;
  private final String writeKeyId;

  /** Creates the codec of cache {@code cacheName}, compressing nothing. */
  public CacheCodec(String cacheName, KryoCodec codec) {
    this(cacheName, codec, 0);
  }

  /** Creates the codec of cache {@code cacheName}, compressing values longer than {@code compressAbove} bytes. */
  public CacheCodec(String cacheName, KryoCodec codec, int compressAbove) {
    this(cacheName, codec, compressAbove, null, null);
  }

  /**
   * Creates the codec of cache {@code cacheName}; values whose encoded form is longer than
   * {@code compressAbove} bytes are stored compressed (0: none), then encrypted with key
   * {@code writeKeyId} of {@code encryption} when that is not null; {@code encryption} also reads
   * values other JVMs encrypted.
   */
  public CacheCodec(String cacheName, KryoCodec codec, int compressAbove, ValueEncryption encryption,
      String writeKeyId) {
    this.cacheName = cacheName;
    this.codec = codec;
    this.compressAbove = compressAbove;
    this.encryption = encryption;
    this.writeKeyId = writeKeyId;
  }

  /**
   * Whether stored values of this cache may be encrypted (the manager has keys): each encryption
   * gives other bytes, so values can only be compared decoded, in Java, never byte by byte in Redis.
   */
  public boolean valuesComparableInRedis() {
    return encryption == null;
  }

  /**
   * Encodes a value as it is stored: {@link #encode}, compressed when the cache compresses and the
   * value is long enough. Keys are never compressed (every JVM must find them by the same bytes,
   * whatever its setting).
   */
  public byte[] encodeValue(Object value) {
    byte[] stored = ValueCompression.compress(encode(value), compressAbove);
    if (writeKeyId == null) {
      return stored;
    }
    try {
      return encryption.encrypt(stored, writeKeyId);
    } catch (CodecException e) {
      throw new CacheException("cache '" + cacheName + "': " + e.getMessage(), e);
    }
  }

  /**
   * The other stored form of an encoded value, for comparisons in Redis: the compressed form of
   * {@code encoded} if it compresses, else null. A value may be stored either way (another JVM's
   * setting, or a switch), so a conditional write compares against both.
   */
  public byte[] compressedForm(byte[] encoded) {
    // the same bytes another JVM would store, whatever its threshold: compression is deterministic
    byte[] compressed = ValueCompression.compress(encoded, 1);
    return compressed == encoded ? null : compressed;
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
      if (ValueEncryption.isEncrypted(bytes)) {
        if (encryption == null) {
          throw new CodecException("a value is encrypted, but this manager has no keys "
              + "(strata.encryption.keys)", null);
        }
        return codec.decode(encryption.decrypt(bytes));
      }
      return codec.decode(bytes);
    } catch (ClassNotAllowedException e) {
      throw new CacheException("cache '" + cacheName + "': " + e.getMessage(), e);
    } catch (CodecException e) {
      throw new CacheException("cache '" + cacheName + "': cannot read an entry from Redis: " + e.getMessage(), e);
    }
  }
}
