package dev.strata.jcache.near;

import dev.strata.jcache.store.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The near hits of an LRU or LFU cache since the last check: a hit served from memory never
 * reaches Redis, so without this a key that is hot in every JVM would look cold in Redis and be
 * evicted first. The next periodic check hands the keys (with their hit counts) to Redis in the
 * same call, so recording costs one map update per hit and no round trip of its own. At most
 * {@link #MAX_KEYS} distinct keys are kept per interval; hits on further keys are not recorded until
 * the next check (the order in Redis is approximate anyway).
 */
final class ReadRecorder {

  static final int MAX_KEYS = 10_000;

  private volatile ConcurrentHashMap<NearKey, Integer> hits = new ConcurrentHashMap<>();

  void record(NearKey key) {
    ConcurrentHashMap<NearKey, Integer> current = hits;
    if (current.size() < MAX_KEYS || current.containsKey(key)) {
      current.merge(key, 1, Integer::sum);
    }
  }

  /**
   * Takes the hits recorded so far, per segment index: key and hit count (ASCII), alternating;
   * segments without hits are left out.
   */
  Map<Integer, List<byte[]>> drain(KeyLayout layout) {
    ConcurrentHashMap<NearKey, Integer> taken = hits;
    if (taken.isEmpty()) {
      return Map.of();
    }
    hits = new ConcurrentHashMap<>();
    Map<Integer, List<byte[]>> out = new HashMap<>();
    // a hit racing with the swap lands in the old map and is lost: an approximation, never an error
    taken.forEach((key, count) -> {
      List<byte[]> args = out.computeIfAbsent(layout.segmentOf(key.bytes()).index(), i -> new ArrayList<>());
      args.add(key.bytes());
      args.add(Integer.toString(count).getBytes(StandardCharsets.US_ASCII));
    });
    return out;
  }
}
