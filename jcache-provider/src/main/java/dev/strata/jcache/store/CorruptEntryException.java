package dev.strata.jcache.store;

import javax.cache.CacheException;

/**
 * The record stored in Redis for a key cannot be read (written by something else than Strata, or
 * damaged). Only that key is affected: a put overwrites the record and a remove deletes it.
 */
public final class CorruptEntryException extends CacheException {

  private static final long serialVersionUID = 1L;

  CorruptEntryException(String operation, String cacheName, String segmentKey) {
    super("Strata: " + operation + " on cache '" + cacheName + "': the entry stored for this key in " + segmentKey
        + " is corrupt and cannot be read; put or remove the key to replace it");
  }
}
