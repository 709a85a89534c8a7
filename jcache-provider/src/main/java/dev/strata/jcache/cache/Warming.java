package dev.strata.jcache.cache;

import static java.util.Objects.requireNonNull;

import dev.strata.jcache.configuration.StrataConfiguration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a cache's near cache: {@code preload(keys)} on request, and at creation the keys that near
 * caches of the cache (in any JVM) filled most, from the shared sketch in Redis
 * ({@code warm-on-start}).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Warming<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(Warming.class);

  private final StrataCache<K, V> cache;
  private final SingleKeyReads<K, V> reads;

  Warming(StrataCache<K, V> cache, SingleKeyReads<K, V> reads) {
    this.cache = cache;
    this.reads = reads;
  }

  /** See {@link StrataCache#preload}. */
  int preload(Set<? extends K> keys) {
    requireNonNull(keys, "keys");
    int present = 0;
    for (K key : keys) {
      requireNonNull(key, "preload does not accept null keys");
      if (reads.preload(key)) {
        present++;
      }
    }
    return present;
  }

  /** Preloads, in the background, the hottest keys of the shared sketch; a failure costs only the warm-up. */
  void warmOnStart(CacheContext<K, V> context) {
    int count = cache.nearCache() == null || !(context.configuration() instanceof StrataConfiguration<K, V> strata)
        || strata.getNearCache() == null ? 0 : strata.getNearCache().warmOnStart();
    if (count == 0) {
      return;
    }
    context.executor().execute(() -> {
      try {
        Set<K> keys = new LinkedHashSet<>();
        for (byte[] encoded : cache.store().hottest(count)) {
          @SuppressWarnings("unchecked")
          K key = (K) cache.codec().decode(encoded);
          keys.add(key);
        }
        if (!cache.isClosed()) {
          preload(keys);
        }
      } catch (RuntimeException e) {
        LOG.debug("cache {}: warming the near cache at start-up failed", cache.getName(), e);
      }
    });
  }
}
