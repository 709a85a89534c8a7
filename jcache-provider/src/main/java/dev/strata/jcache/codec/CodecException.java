package dev.strata.jcache.codec;

/** Bytes that cannot be turned into an object (or an object that cannot be turned into bytes). */
public final class CodecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with its cause. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
