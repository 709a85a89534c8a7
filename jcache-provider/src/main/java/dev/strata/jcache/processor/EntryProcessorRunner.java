package dev.strata.jcache.processor;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.Decision;
import dev.strata.jcache.store.OptimisticUpdater;
import dev.strata.jcache.store.Snapshot;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

/**
 * Runs {@code invoke}: the processor runs in this JVM on the entry as read from Redis, and its net
 * effect is committed only if the entry's version is unchanged; on a conflict the processor runs
 * again on the fresh entry. So {@code invoke} is atomic per key across JVMs, and processors must be
 * free of side effects beyond the entry (they may run more than once under contention).
 *
 * <p>A server-side alternative (Lua processors) would not run arbitrary Java processors; a lock per
 * key would block everybody behind a crashed JVM. The optimistic loop costs two round trips when
 * uncontended.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EntryProcessorRunner<K, V> {

  private final CacheCodec codec;
  private final OptimisticUpdater updater;
  private final ExpiryStrategy expiry;
  private final ReadThrough<K, V> loader;
  private final WriteThrough<K, V> writer;
  private final CacheStatistics stats;

  /** Creates the runner; {@code loader} is null unless the cache reads through, {@code writer} unless it writes through. */
  public EntryProcessorRunner(CacheCodec codec, OptimisticUpdater updater, ExpiryStrategy expiry,
      ReadThrough<K, V> loader, WriteThrough<K, V> writer, CacheStatistics stats) {
    this.codec = codec;
    this.updater = updater;
    this.expiry = expiry;
    this.loader = loader;
    this.writer = writer;
    this.stats = stats;
  }

  /** Runs the processor on {@code key}; failures of the processor come out as {@link EntryProcessorException}. */
  @SuppressWarnings("unchecked")
  public <T> T invoke(K key, byte[] encodedKey, EntryProcessor<K, V, T> processor, Object... arguments) {
    Object[] last = new Object[1];
    T result = updater.update(encodedKey, snapshot -> {
      StrataMutableEntry<K, V> entry = new StrataMutableEntry<>(key, (V) codec.decode(snapshot.value()), loader);
      last[0] = entry;
      T value;
      try {
        value = processor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      return decide(entry, snapshot, value);
    });
    record((StrataMutableEntry<K, V>) last[0]);
    return result;
  }

  private <T> Decision<T> decide(StrataMutableEntry<K, V> entry, Snapshot snapshot, T result) {
    switch (entry.outcome()) {
      case ACCESSED:
        return Decision.touch(expiry.accessTtl(), result);
      case LOADED:
        return Decision.set(codec.encodeValue(entry.value()), expiry.creationTtl(), result);
      case CREATED:
      case UPDATED: {
        byte[] value = codec.encodeValue(entry.value());
        if (writer != null) {
          writer.write(entry.getKey(), entry.value());
        }
        long ttl = snapshot.present() ? expiry.updateTtl() : expiry.creationTtl();
        return Decision.set(value, ttl, result);
      }
      case REMOVED:
        if (writer != null) {
          writer.delete(entry.getKey());
        }
        return snapshot.present() ? Decision.delete(result) : Decision.nothing(result);
      case NONE:
      default:
        return Decision.nothing(result);
    }
  }

  private void record(StrataMutableEntry<K, V> entry) {
    if (!stats.isEnabled() || entry == null) {
      return;
    }
    // looking the entry up counts, whether or not the processor reads it
    if (entry.existed()) {
      stats.hits(1);
    } else {
      stats.misses(1);
    }
    switch (entry.outcome()) {
      case CREATED:
      case UPDATED:
      case LOADED:
        stats.puts(1);
        break;
      case REMOVED:
        if (entry.existed()) {
          stats.removals(1);
        }
        break;
      default:
        break;
    }
  }
}
