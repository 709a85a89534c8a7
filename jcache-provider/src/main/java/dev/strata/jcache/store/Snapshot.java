package dev.strata.jcache.store;

/**
 * An entry as read for an optimistic update: its encoded value (null when absent) and the version
 * that the commit must still find.
 *
 * @param value the encoded value, or null
 * @param version the entry's version, {@link RemoteStore#ABSENT_VERSION} when absent
 */
public record Snapshot(byte[] value, String version) {

  /** Whether the entry exists. */
  public boolean present() {
    return value != null;
  }
}
