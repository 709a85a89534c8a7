package dev.strata.jcache.codec;

/**
 * Thrown while (de)serializing when a class is not on the cache's allow list. The message names
 * the class and how to allow it; the cache turns it into a {@code CacheException} naming the cache.
 */
public final class ClassNotAllowedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String className;

  /** Creates the exception for the rejected class. */
  public ClassNotAllowedException(String className) {
    super("class " + className + " is not allowed for deserialization; add it (or its package followed by .*) "
        + "to the property strata.serialization.allow");
    this.className = className;
  }

  /** The rejected class name. */
  public String className() {
    return className;
  }
}
