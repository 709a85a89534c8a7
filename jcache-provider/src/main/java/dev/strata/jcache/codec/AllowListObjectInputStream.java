package dev.strata.jcache.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * A Java deserialization stream that resolves classes only from the allow list. Java calls
 * {@link #resolveClass} for every class descriptor in the stream, nested objects and serializable
 * superclasses included, before it creates an instance or runs any of the class's code, so a class
 * that is not allowed never gets to run its {@code readObject}. Classes are loaded from the cache
 * manager's class loader, not from whatever loader happens to be on the call stack.
 */
final class AllowListObjectInputStream extends ObjectInputStream {

  private final ClassAllowList allowList;
  private final ClassLoader classLoader;

  AllowListObjectInputStream(InputStream in, ClassAllowList allowList, ClassLoader classLoader) throws IOException {
    super(in);
    this.allowList = allowList;
    this.classLoader = classLoader;
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass descriptor) throws ClassNotFoundException {
    String name = descriptor.getName();
    check(name);
    return Class.forName(name, false, classLoader);
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
    for (String name : interfaces) {
      check(name);
    }
    return super.resolveProxyClass(interfaces);
  }

  private void check(String className) {
    if (!allowList.isAllowed(className)) {
      throw new ClassNotAllowedException(className);
    }
  }
}
