package dev.strata.jcache.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.processor.EntryProcessor;

/**
 * The asynchronous view of a Strata cache, reached with {@code cache.unwrap(AsyncCache.class)}.
 * Each call returns at once with a {@link CompletionStage}; the work is the same as the
 * synchronous call's (same statistics, listeners, near cache, expiry, read- and write-through,
 * circuit breaker and deadline), done on the manager's async threads
 * ({@code strata.async.threads}), never on the caller's. A near-cache hit completes before the call
 * returns, with no thread hand-off. A failure completes the stage exceptionally with the
 * exception the synchronous call would have thrown.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface AsyncCache<K, V> {

  /** {@link javax.cache.Cache#get}. */
  CompletionStage<V> get(K key);

  /** {@link javax.cache.Cache#getAll}. */
  CompletionStage<Map<K, V>> getAll(Set<? extends K> keys);

  /** {@link javax.cache.Cache#put}. */
  CompletionStage<Void> put(K key, V value);

  /** {@link javax.cache.Cache#putAll}. */
  CompletionStage<Void> putAll(Map<? extends K, ? extends V> entries);

  /** {@link javax.cache.Cache#putIfAbsent}. */
  CompletionStage<Boolean> putIfAbsent(K key, V value);

  /** {@link javax.cache.Cache#remove(Object)}. */
  CompletionStage<Boolean> remove(K key);

  /** {@link javax.cache.Cache#replace(Object, Object)}. */
  CompletionStage<Boolean> replace(K key, V value);

  /** {@link javax.cache.Cache#getAndPut}. */
  CompletionStage<V> getAndPut(K key, V value);

  /** {@link javax.cache.Cache#invoke}. */
  <T> CompletionStage<T> invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments);
}
