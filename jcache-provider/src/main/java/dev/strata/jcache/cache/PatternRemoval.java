package dev.strata.jcache.cache;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.SegmentKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the keys of a cache whose string form matches a glob ({@code removeMatching}): segment by
 * segment with {@code HSCAN} on the segment's own hash (never a database-wide {@code SCAN}). String
 * keys are stored as {@code s:<text>}, so Redis matches them itself ({@code MATCH s:<glob>}) and
 * sends back only the matches; keys of other types are stored in binary form, so every key of the
 * segment comes back and is decoded and matched here.
 */
final class PatternRemoval {

  private static final int PAGE = 1_000;

  private PatternRemoval() {
  }

  /** The keys of the cache that match {@code glob} now; keys that cannot be decoded are skipped. */
  @SuppressWarnings("unchecked")
  static <K> Set<K> matchingKeys(RemoteStore store, CacheCodec codec, Class<?> keyType, String glob) {
    boolean serverSide = keyType == String.class;
    KeyGlob local = serverSide ? null : KeyGlob.of(glob);
    String match = serverSide ? "s:" + glob : "";
    Set<K> keys = new LinkedHashSet<>();
    for (SegmentKeys segment : store.layout().segments()) {
      String cursor = "0";
      do {
        RemoteStore.KeyPage page = store.matchKeys(segment, cursor, PAGE, match);
        cursor = page.cursor();
        List<byte[]> found = new ArrayList<>(page.keys());
        for (byte[] encoded : found) {
          Object key;
          try {
            key = codec.decode(encoded);
          } catch (RuntimeException e) {
            continue; // a key nobody can read is nobody's match; removeAll() clears such entries
          }
          if (serverSide || local.matches(String.valueOf(key))) {
            keys.add((K) key);
          }
        }
      } while (!cursor.equals("0"));
    }
    return keys;
  }
}
