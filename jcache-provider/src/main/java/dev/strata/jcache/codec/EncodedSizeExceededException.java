package dev.strata.jcache.codec;

/**
 * Thrown by {@link KryoCodec} when a key or value would encode to more bytes than the codec's limit.
 * It is thrown while encoding, so before anything is sent to Redis, and after at most the limit
 * was allocated. The message names the class, the limit and the setting that raises it, never the
 * data; the cache turns it into a {@link ValueTooLargeException} naming the cache.
 */
public final class EncodedSizeExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The manager property that sets the limit. */
  public static final String PROPERTY = "strata.max-value-bytes";

  private final int maxBytes;

  /** Creates the exception for a value of class {@code type} that does not fit in {@code maxBytes}. */
  public EncodedSizeExceededException(Class<?> type, int maxBytes) {
    super("a key or value of class " + type.getName() + " encodes to more than " + maxBytes
        + " bytes, the limit; raise the property " + PROPERTY + " to store it");
    this.maxBytes = maxBytes;
  }

  /** The limit that was exceeded, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }
}
