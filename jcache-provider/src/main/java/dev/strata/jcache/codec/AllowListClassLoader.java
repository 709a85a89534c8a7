package dev.strata.jcache.codec;

/**
 * A class loader that refuses classes outside the allow list before delegating to the user's class
 * loader. Kryo resolves every class name it reads from the wire through its class loader, so this is
 * the one place that sees every class a byte stream asks for.
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
    if (!allowList.isAllowed(name)) {
      throw new ClassNotAllowedException(name);
    }
    return Class.forName(name, false, delegate);
  }
}
