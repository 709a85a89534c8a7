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

  AllowListObjectOutputStream(OutputStream out, ClassAllowList allowList) throws IOException {
    super(out);
    this.allowList = allowList;
  }

  @Override
  protected void annotateClass(Class<?> type) {
    check(type);
  }

  @Override
  protected void annotateProxyClass(Class<?> type) {
    check(type);
  }

  private void check(Class<?> type) {
    if (!allowList.isAllowed(type.getName())) {
      throw new ClassNotAllowedException(type.getName());
    }
  }
}
