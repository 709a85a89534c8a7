package dev.strata.jcache.codec;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * A Java serialization stream that refuses to write a class the reading side would refuse. Java
 * calls {@link #annotateClass} once for every class descriptor it writes (the value's class, its
 * serializable superclasses, the classes of nested objects, array classes), so checking there sees
 * every class a reader would have to resolve. Refusing at write time keeps an unreadable value out
 * of Redis, where it would fail every reader instead of the one writer.
 */
final class AllowListObjectOutputStream extends ObjectOutputStream {

  private final ClassAllowList allowList;

  /** The last IOException met among the objects written, see {@link #annotateClass}. */
  private IOException lastIoException;

  AllowListObjectOutputStream(OutputStream out, ClassAllowList allowList) throws IOException {
    super(out);
    this.allowList = allowList;
    enableReplaceObject(true);
  }

  /**
   * When writing fails with an IOException (a nested object that is not {@code Serializable} gives
   * a {@code NotSerializableException}), Java writes that exception into the stream before
   * throwing it, and so describes its class here. Refusing that class would replace the real
   * failure with a misleading "not allowed" about the exception; the exception is thrown instead.
   */
  @Override
  protected void annotateClass(Class<?> type) throws IOException {
    if (!allowList.isAllowed(type) && lastIoException != null && lastIoException.getClass() == type) {
      throw lastIoException;
    }
    allowList.requireAllowed(type);
  }

  @Override
  protected void annotateProxyClass(Class<?> type) {
    allowList.requireAllowed(type);
  }

  /** Replaces nothing: it only remembers IOExceptions, for {@link #annotateClass}. */
  @Override
  protected Object replaceObject(Object object) {
    if (object instanceof IOException e) {
      lastIoException = e;
    }
    return object;
  }
}
