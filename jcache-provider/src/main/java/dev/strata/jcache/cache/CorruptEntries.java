package dev.strata.jcache.cache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports entries that iteration or {@code removeAll()} passed over because they cannot be read:
 * a warning the first time per cache, debug lines after that, so that one bad record neither
 * breaks the operation nor floods the log.
 */
final class CorruptEntries {

  private static final Logger LOG = LoggerFactory.getLogger(CorruptEntries.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private CorruptEntries() {
  }

  static void skipped(String cacheName, int count) {
    report(cacheName, count, "skipped by iteration");
  }

  static void removedUnreadable(String cacheName, int count) {
    report(cacheName, count, "removed by removeAll() without asking the cache writer");
  }

  private static void report(String cacheName, int count, String what) {
    if (count <= 0) {
      return;
    }
    if (WARNED.add(cacheName)) {
      LOG.warn("cache {}: {} entries in Redis cannot be read (corrupt or written by something else) and were {}; "
          + "put or remove those keys to repair them (further occurrences are logged at debug level)",
          cacheName, count, what);
    } else {
      LOG.debug("cache {}: {} unreadable entries {}", cacheName, count, what);
    }
  }
}
