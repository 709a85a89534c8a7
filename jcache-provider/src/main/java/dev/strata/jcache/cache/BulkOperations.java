package dev.strata.jcache.cache;

import static java.util.Objects.requireNonNull;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.processor.EntryProcessorResultImpl;
import dev.strata.jcache.processor.EntryProcessorRunner;
import dev.strata.jcache.store.Decision;
import dev.strata.jcache.store.OptimisticUpdater;
import dev.strata.jcache.store.ReadReply;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.ScanPage;
import dev.strata.jcache.store.SegmentKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * The bulk operations of a cache: one script call per Redis node (per segment on a Redis Cluster,
 * pipelined per node), so {@code getAll} of 100 keys costs one round trip per node, never one per
 * key. Custom expiry policies need a decision per entry and fall back to per-key updates.
 * {@code getAll} serves near-cache hits and fills the near cache with what it read.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class BulkOperations<K, V> {

  private final StrataCache<K, V> cache;
  private final CacheCodec codec;
  private final RemoteStore store;
  private final ExpiryStrategy expiry;
  private final CacheStatistics stats;
  private final ReadThrough<K, V> readThrough;
  private final ReadThrough<K, V> loader;
  private final WriteThrough<K, V> writer;
  private final OptimisticUpdater updater;
  private final boolean oneScript;
  private final boolean plainReads;
  private final Executor executor;
  /** loadAll calls submitted and not finished, so that close can wait for them. */
  private final Set<CompletableFuture<Void>> loads = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<Boolean> loading = new ThreadLocal<>();
  private final NearCache near;

  BulkOperations(StrataCache<K, V> cache, CacheContext<K, V> context, ExecutionPath path,
      ReadThrough<K, V> readThrough, WriteThrough<K, V> writer, OptimisticUpdater updater) {
    this.cache = cache;
    this.codec = context.codec();
    this.store = context.store();
    this.expiry = context.expiry();
    this.stats = context.statistics();
    this.readThrough = readThrough;
    this.loader = context.loader();
    this.writer = writer;
    this.updater = updater;
    this.oneScript = path.oneScript();
    this.plainReads = path.plainReads();
    this.executor = context.executor();
    this.near = context.near();
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    requireNonNull(keys, "keys");
    for (K key : keys) {
      requireNonNull(key, "getAll does not accept null keys");
    }
    long start = stats.start();
    Map<byte[], K> byEncoded = new LinkedHashMap<>();
    List<byte[]> encoded = new ArrayList<>(keys.size());
    for (K key : keys) {
      byte[] k = codec.encode(key);
      encoded.add(k);
      byEncoded.put(k, key);
    }
    Map<K, V> result = new HashMap<>();
    List<K> missing = new ArrayList<>();
    if (oneScript) {
      List<byte[]> remote = encoded;
      if (near != null) {
        remote = new ArrayList<>(encoded.size());
        for (byte[] k : encoded) {
          @SuppressWarnings("unchecked")
          V hit = (V) near.lookup(k);
          if (hit != null) {
            result.put(byEncoded.get(k), hit);
          } else {
            remote.add(k);
          }
        }
      }
      if (!remote.isEmpty()) {
        Function<List<byte[]>, List<ReadReply>> read = plainReads
            ? some -> store.getAllPlain(some, near != null) : some -> store.getAll(some, expiry.accessTtl());
        List<ReadReply> replies = near != null ? near.fillAll(remote, read) : read.apply(remote);
        for (int i = 0; i < remote.size(); i++) {
          collect(byEncoded.get(remote.get(i)), cache.decode(replies.get(i).value()), result, missing);
        }
      }
    } else {
      for (byte[] k : encoded) {
        collect(byEncoded.get(k), cache.read(k), result, missing);
      }
    }
    stats.hits(result.size());
    stats.misses(missing.size());
    if (readThrough != null && !missing.isEmpty()) {
      Map<K, V> loaded = readThrough.loadAll(missing);
      for (K key : missing) {
        V value = loaded.get(key);
        if (value != null) {
          cache.storeLoaded(codec.encode(key), codec.encodeValue(value), false);
          result.put(key, value);
        }
      }
    }
    stats.getTime(start);
    return result;
  }

  private static <K, V> void collect(K key, V value, Map<K, V> found, List<K> missing) {
    if (value != null) {
      found.put(key, value);
    } else {
      missing.add(key);
    }
  }

  void putAll(Map<? extends K, ? extends V> map) {
    requireNonNull(map, "map");
    map.forEach((k, v) -> {
      requireNonNull(k, "putAll does not accept null keys");
      requireNonNull(v, "putAll does not accept null values");
    });
    long start = stats.start();
    Map<K, byte[]> encodedValues = new LinkedHashMap<>();
    map.forEach((k, v) -> encodedValues.put(k, codec.encodeValue(v)));
    Set<? extends K> toStore = map.keySet();
    RuntimeException failure = null;
    if (writer != null) {
      WriteThrough.BulkOutcome<K> outcome = writer.writeAll(map);
      toStore = outcome.done();
      failure = outcome.failure();
    }
    long written = 0;
    if (oneScript) {
      List<byte[]> keys = new ArrayList<>(toStore.size());
      List<byte[]> values = new ArrayList<>(toStore.size());
      for (K key : toStore) {
        keys.add(codec.encode(key));
        values.add(encodedValues.get(key));
      }
      if (!keys.isEmpty()) {
        written = store.putAll(keys, values, expiry.creationTtl(), expiry.updateTtl());
      }
    } else {
      for (K key : toStore) {
        byte[] v = encodedValues.get(key);
        boolean stored = updater.update(codec.encode(key), s -> {
          long ttl = s.present() ? expiry.updateTtl() : expiry.creationTtl();
          return Decision.set(v, ttl, s.present() || ttl != 0);
        });
        written += stored ? 1 : 0;
      }
    }
    stats.puts(written);
    stats.putTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  void removeAll(Set<? extends K> keys) {
    requireNonNull(keys, "keys");
    for (K key : keys) {
      requireNonNull(key, "removeAll does not accept null keys");
    }
    removeKeys(keys);
  }

  /**
   * Removes every entry: each is read first (the writer must be told the keys). An entry whose key
   * or value cannot be decoded is removed without the writer, and counted in the log.
   */
  void removeAll() {
    Set<K> all = new LinkedHashSet<>();
    List<byte[]> unreadable = new ArrayList<>();
    for (SegmentKeys segment : store.layout().segments()) {
      String cursor = "0";
      do {
        ScanPage page = store.scan(segment, cursor, 500, RemoteStore.TTL_UNCHANGED);
        cursor = page.cursor();
        for (byte[][] entry : page.entries()) {
          try {
            @SuppressWarnings("unchecked")
            K key = (K) codec.decode(entry[0]);
            if (entry[1] == null) {
              unreadable.add(entry[0]);
            } else {
              all.add(key);
            }
          } catch (RuntimeException e) {
            unreadable.add(entry[0]);
          }
        }
      } while (!cursor.equals("0"));
    }
    if (!unreadable.isEmpty()) {
      CorruptEntries.removedUnreadable(cache.getName(), unreadable.size());
      store.removeAll(unreadable);
    }
    removeKeys(all);
  }

  /** Removes every entry whose key's string form matches {@code glob}; returns how many were removed. */
  long removeMatching(String glob) {
    Set<K> keys = PatternRemoval.matchingKeys(store, codec, cache.keyType(), glob);
    return removeKeys(keys);
  }

  private long removeKeys(Collection<? extends K> keys) {
    long start = stats.start();
    Collection<? extends K> toRemove = keys;
    RuntimeException failure = null;
    if (writer != null && !keys.isEmpty()) {
      WriteThrough.BulkOutcome<K> outcome = writer.deleteAll(keys);
      toRemove = outcome.done();
      failure = outcome.failure();
    }
    List<byte[]> encoded = new ArrayList<>(toRemove.size());
    for (K key : toRemove) {
      encoded.add(codec.encode(key));
    }
    long removed = 0;
    if (!encoded.isEmpty()) {
      removed = store.removeAll(encoded);
    }
    stats.removals(removed);
    stats.removeTime(start);
    if (failure != null) {
      throw failure;
    }
    return removed;
  }

  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      EntryProcessorRunner<K, V> runner, Object... arguments) {
    for (K key : keys) {
      requireNonNull(key, "invokeAll does not accept null keys");
    }
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T value = runner.invoke(key, codec.encode(key), processor, arguments);
        if (value != null) {
          results.put(key, EntryProcessorResultImpl.of(value));
        }
      } catch (EntryProcessorException e) {
        results.put(key, EntryProcessorResultImpl.failed(e));
      } catch (RuntimeException e) {
        results.put(key, EntryProcessorResultImpl.failed(new EntryProcessorException(e)));
      }
    }
    return results;
  }

  void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    requireNonNull(keys, "keys");
    for (K key : keys) {
      requireNonNull(key, "loadAll does not accept null keys");
    }
    CompletionListener done = listener != null ? listener : NO_LISTENER;
    if (loader == null) {
      done.onCompletion();
      return;
    }
    CompletableFuture<Void> load = new CompletableFuture<>();
    loads.add(load);
    load.whenComplete((r, e) -> loads.remove(load));
    executor.execute(() -> {
      loading.set(Boolean.TRUE);
      try {
        if (cache.isClosed()) {
          throw new IllegalStateException("cache " + cache.getName() + " was closed before loadAll ran");
        }
        List<K> toLoad = new ArrayList<>();
        for (K key : keys) {
          if (replaceExisting || !cache.containsKey(key)) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          Map<K, V> loaded = loader.loadAll(toLoad);
          for (K key : toLoad) {
            V value = loaded.get(key);
            if (value != null) {
              cache.storeLoaded(codec.encode(key), codec.encodeValue(value), replaceExisting);
            }
          }
        }
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      } finally {
        loading.remove();
        load.complete(null);
      }
    });
  }

  /**
   * Waits (up to {@code millis}) for the loadAll calls still running, so that the cache closes its
   * loader only after its last use; a load that closes the cache itself is not waited for.
   */
  void awaitLoads(long millis) {
    if (loading.get() != null || loads.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // closing goes on; a load still running after this long fails on the closed loader
    }
  }

  private static final CompletionListener NO_LISTENER = new CompletionListener() {
    @Override
    public void onCompletion() {
    }

    @Override
    public void onException(Exception e) {
    }
  };
}
