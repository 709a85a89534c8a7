package dev.strata.jcache.codec;

/**
 * A class loader that refuses classes outside the allow list before delegating to the user's class
 * loader. It is Kryo's class loader, a second line behind {@code KryoCodec}'s class resolver, which
 * checks every class name read from the wire first. It cannot be the only line: when an array class
 * is resolved through a class loader, the JVM asks it for the element class alone, so it could not
 * tell {@code Serializable} in {@code Serializable[]} (a container whose elements are checked one
 * by one) from a bare {@code Serializable}.
 */
final class AllowListClassLoader extends ClassLoader {

  private final ClassAllowList allowList;
  private final ClassLoader delegate;

  AllowListClassLoader(ClassLoader delegate, ClassAllowList allowList) {
    super(null);
    this.delegate = delegate;
    this.allowList = allowList;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    return allowList.resolve(name, delegate);
  }
}
