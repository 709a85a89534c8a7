package dev.strata.jcache.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * A Java deserialization stream that resolves classes only from the allow list. Java calls
 * {@link #resolveClass} for every class descriptor in the stream, nested objects and serializable
 * superclasses included, before it creates an instance or runs any of the class's code, so a class
 * that is not allowed never gets to run its {@code readObject}. The descriptor of an array names the
 * whole array class, so an array of an interface ({@code Serializable[]}) is judged as an array (see
 * {@link ClassAllowList}). Classes are loaded from the cache manager's class loader, not from
 * whatever loader happens to be on the call stack.
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
    return allowList.resolve(descriptor.getName(), classLoader);
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
    // a proxy runs its invocation handler on every call, so each of its interfaces must be
    // allowed by name: the rules that accept a class without naming it do not apply here
    for (String name : interfaces) {
      if (!allowList.isAllowed(name)) {
        throw new ClassNotAllowedException(name);
      }
    }
    return super.resolveProxyClass(interfaces);
  }
}
