package dev.strata.jcache.near;

import java.util.Arrays;

/**
 * An encoded key as a map key: equal bytes are equal keys. Near caches are keyed by the encoded
 * form because that is what invalidation messages carry, and because bytes cannot be mutated by the
 * caller after a put the way a key object could.
 */
final class NearKey {

  private final byte[] bytes;
  private final int hash;

  NearKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NearKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
