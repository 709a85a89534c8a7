package dev.strata.jcache.cache;

import static java.util.Objects.requireNonNull;

import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.management.CacheStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts and removes on one cache that apply all or nothing, from
 * {@code cache.unwrap(StrataCache.class).batch()}:
 *
 * <pre>{@code
 * strata.batch().put("order:1", order).put("order:1:status", "paid").remove("cart:7").apply();
 * }</pre>
 *
 * <p>{@link #apply()} sends one script per Redis node; on a single server or Sentinel that is one
 * script for the whole batch, which Redis runs alone: another client sees the batch entirely or not
 * at all, and if Redis refuses it (out of memory) nothing was changed. Each change fires its
 * event (CREATED, UPDATED, REMOVED) and every JVM's near cache drops the keys, all published when
 * the batch has been applied. A key's last operation in the batch wins. On a Redis Cluster a script
 * may touch one slot only, so a batch must keep to one segment of the cache
 * ({@link StrataCache#segmentOf}); a batch across segments fails with a {@code CacheException} and
 * changes nothing. Caches with a {@code CacheWriter} do not take batches: the writer could not
 * take part in the all-or-nothing. Not thread-safe; apply once.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class AtomicBatch<K, V> {

  private final StrataCache<K, V> cache;
  private final ExpiryStrategy expiry;
  private final Map<K, Optional<V>> operations = new LinkedHashMap<>();
  private boolean applied;

  AtomicBatch(StrataCache<K, V> cache, ExpiryStrategy expiry) {
    this.cache = cache;
    this.expiry = expiry;
  }

  /** Adds a put of {@code value} under {@code key}. */
  public AtomicBatch<K, V> put(K key, V value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    operations.remove(key); // the last operation on a key wins, in its place
    operations.put(key, Optional.of(value));
    return this;
  }

  /** Adds a removal of {@code key}. */
  public AtomicBatch<K, V> remove(K key) {
    requireNonNull(key, "key");
    operations.remove(key);
    operations.put(key, Optional.empty());
    return this;
  }

  /** How many keys the batch changes. */
  public int size() {
    return operations.size();
  }

  /**
   * Applies the batch: all of it or, when this throws, none of it (a failure whose message says
   * "outcome unknown" may have applied all of it).
   */
  public void apply() {
    if (applied) {
      throw new IllegalStateException("this batch was applied already");
    }
    applied = true;
    if (operations.isEmpty()) {
      return;
    }
    if (cache.isClosed()) {
      throw new IllegalStateException("cache " + cache.getName() + " is closed");
    }
    CacheStatistics stats = cache.statistics();
    long start = stats.start();
    try {
      List<byte[]> keys = new ArrayList<>(operations.size());
      List<byte[]> values = new ArrayList<>(operations.size());
      operations.forEach((k, v) -> {
        keys.add(cache.codec().encode(k));
        values.add(v.map(cache.codec()::encodeValue).orElse(null));
      });
      long[] done = cache.store().batch(keys, values, expiry.creationTtl(), expiry.updateTtl());
      stats.puts(done[0]);
      stats.removals(done[1]);
    } finally {
      stats.time(CacheStatistics.Operation.PUT_ALL, start);
    }
  }
}
