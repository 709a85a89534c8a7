package dev.strata.jcache.cache;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.cache.processor.EntryProcessor;

/**
 * {@link AsyncCache} over a {@link StrataCache}: every call runs the synchronous code path on the
 * manager's async executor, so the two APIs cannot drift apart. Arguments are checked on the
 * caller's thread (a null key fails the call, not the stage).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class AsyncStrataCache<K, V> implements AsyncCache<K, V> {

  private final StrataCache<K, V> cache;
  private final Executor executor;

  AsyncStrataCache(StrataCache<K, V> cache, Executor executor) {
    this.cache = cache;
    this.executor = executor;
  }

  @Override
  public CompletionStage<V> get(K key) {
    requireNonNull(key, "key");
    V near = cache.nearHit(key);
    if (near != null) {
      return CompletableFuture.completedFuture(near);
    }
    return run(() -> cache.get(key));
  }

  @Override
  public CompletionStage<Map<K, V>> getAll(Set<? extends K> keys) {
    requireNonNull(keys, "keys");
    return run(() -> cache.getAll(keys));
  }

  @Override
  public CompletionStage<Void> put(K key, V value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return run(() -> {
      cache.put(key, value);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> putAll(Map<? extends K, ? extends V> entries) {
    requireNonNull(entries, "entries");
    return run(() -> {
      cache.putAll(entries);
      return null;
    });
  }

  @Override
  public CompletionStage<Boolean> putIfAbsent(K key, V value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return run(() -> cache.putIfAbsent(key, value));
  }

  @Override
  public CompletionStage<Boolean> remove(K key) {
    requireNonNull(key, "key");
    return run(() -> cache.remove(key));
  }

  @Override
  public CompletionStage<Boolean> replace(K key, V value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return run(() -> cache.replace(key, value));
  }

  @Override
  public CompletionStage<V> getAndPut(K key, V value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return run(() -> cache.getAndPut(key, value));
  }

  @Override
  public <T> CompletionStage<T> invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireNonNull(key, "key");
    requireNonNull(processor, "processor");
    return run(() -> cache.invoke(key, processor, arguments));
  }

  private <T> CompletionStage<T> run(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, executor);
  }
}
