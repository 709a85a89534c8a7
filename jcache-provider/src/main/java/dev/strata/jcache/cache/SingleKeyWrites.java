package dev.strata.jcache.cache;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.Decision;
import dev.strata.jcache.store.OptimisticUpdater;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.WriteReply;
import java.util.Objects;

/**
 * The single-key writes of a cache (put, putIfAbsent, replace, remove and their get-and variants)
 * with their statistics. Each is one script when the cache's {@link ExecutionPath} says so and no
 * writer has to be consulted first; otherwise it reads the entry, decides in Java (asking the expiry
 * policy only for the branch taken, and the writer only if the write will apply) and commits with
 * a version check. Old values travel back from Redis only for the operations that return them.
 * Arguments are checked by {@link StrataCache} before they get here.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class SingleKeyWrites<K, V> {

  private final StrataCache<K, V> cache;
  private final CacheCodec codec;
  private final RemoteStore store;
  private final ExpiryStrategy expiry;
  private final CacheStatistics stats;
  private final WriteThrough<K, V> writer;
  private final OptimisticUpdater updater;
  private final boolean oneScript;

  SingleKeyWrites(StrataCache<K, V> cache, CacheContext<K, V> context, ExecutionPath path, WriteThrough<K, V> writer,
      OptimisticUpdater updater) {
    this.cache = cache;
    this.codec = context.codec();
    this.store = context.store();
    this.expiry = context.expiry();
    this.stats = context.statistics();
    this.writer = writer;
    this.updater = updater;
    this.oneScript = path.oneScript();
  }

  V put(K key, V value, boolean returnOld) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] v = codec.encodeValue(value);
    if (writer != null) {
      writer.write(key, value);
    }
    byte[] old;
    boolean written;
    if (oneScript) {
      WriteReply r = store.put(k, v, RemoteStore.MODE_PUT, expiry.creationTtl(), expiry.updateTtl(),
          RemoteStore.TTL_UNCHANGED, null, returnOld);
      written = r.applied();
      old = r.oldValue();
    } else {
      byte[][] previous = new byte[1][];
      written = updater.update(k, s -> {
        previous[0] = s.value();
        long ttl = s.present() ? expiry.updateTtl() : expiry.creationTtl();
        return Decision.set(v, ttl, s.present() || ttl != 0);
      });
      old = previous[0];
    }
    if (written) {
      stats.puts(1);
    }
    V result = null;
    if (returnOld) {
      result = cache.decode(old);
      if (result != null) {
        stats.hits(1);
      } else {
        stats.misses(1);
      }
      stats.getTime(start);
    }
    stats.putTime(start);
    return result;
  }

  boolean putIfAbsent(K key, V value) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] v = codec.encodeValue(value);
    boolean written;
    if (oneScript && writer == null) {
      written = store.put(k, v, RemoteStore.MODE_IF_ABSENT, expiry.creationTtl(), expiry.updateTtl(),
          RemoteStore.TTL_UNCHANGED, null, false).applied();
    } else {
      written = updater.update(k, s -> {
        if (s.present()) {
          return Decision.nothing(false);
        }
        if (writer != null) {
          writer.write(key, value);
        }
        long ttl = expiry.creationTtl();
        return Decision.set(v, ttl, ttl != 0);
      });
    }
    if (written) {
      stats.puts(1);
      stats.misses(1);
    } else {
      stats.hits(1);
    }
    stats.putTime(start);
    return written;
  }

  boolean replace(K key, V oldValue, V newValue) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] expected = codec.encode(oldValue);
    byte[] v = codec.encodeValue(newValue);
    Boolean replaced;
    if (oneScript && writer == null && codec.valuesComparableInRedis()) {
      WriteReply r = store.put(k, v, RemoteStore.MODE_IF_EQUAL, expiry.creationTtl(), expiry.updateTtl(),
          expiry.accessTtl(), expected, codec.compressedForm(expected), false);
      replaced = r.wasPresent() ? r.applied() : null;
    } else {
      replaced = updater.update(k, s -> {
        if (!s.present()) {
          return Decision.nothing((Boolean) null);
        }
        if (!Objects.equals(cache.decode(s.value()), oldValue)) {
          return Decision.touch(expiry.accessTtl(), false);
        }
        if (writer != null) {
          writer.write(key, newValue);
        }
        return Decision.set(v, expiry.updateTtl(), true);
      });
    }
    if (replaced == null) {
      stats.misses(1);
    } else {
      stats.hits(1);
      if (replaced) {
        stats.puts(1);
      }
    }
    stats.putTime(start);
    return replaced != null && replaced;
  }

  WriteReply replaceIfPresent(K key, V value, boolean isGet) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] v = codec.encodeValue(value);
    WriteReply reply;
    if (oneScript && writer == null) {
      reply = store.put(k, v, RemoteStore.MODE_IF_PRESENT, expiry.creationTtl(), expiry.updateTtl(),
          RemoteStore.TTL_UNCHANGED, null, isGet);
    } else {
      byte[] old = updater.update(k, s -> {
        if (!s.present()) {
          return Decision.nothing(null);
        }
        if (writer != null) {
          writer.write(key, value);
        }
        return Decision.set(v, expiry.updateTtl(), s.value());
      });
      reply = new WriteReply(old != null, old, old != null);
    }
    if (reply.applied()) {
      stats.hits(1);
      stats.puts(1);
    } else {
      stats.misses(1);
    }
    if (isGet) {
      stats.getTime(start);
    }
    stats.putTime(start);
    return reply;
  }

  WriteReply removeEncoded(K key, byte[] k, boolean wantOld) {
    if (writer != null) {
      writer.delete(key);
    }
    WriteReply r = store.remove(k, RemoteStore.MODE_REMOVE, null, RemoteStore.TTL_UNCHANGED, wantOld);
    if (r.applied()) {
      stats.removals(1);
    }
    return r;
  }

  boolean remove(K key, V oldValue) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] expected = codec.encode(oldValue);
    Boolean removed;
    if (oneScript && writer == null && codec.valuesComparableInRedis()) {
      WriteReply r = store.remove(k, RemoteStore.MODE_IF_EQUAL, expected, codec.compressedForm(expected),
          expiry.accessTtl(), false);
      removed = r.wasPresent() ? r.applied() : null;
    } else {
      removed = updater.update(k, s -> {
        if (!s.present()) {
          return Decision.nothing((Boolean) null);
        }
        if (!Objects.equals(cache.decode(s.value()), oldValue)) {
          return Decision.touch(expiry.accessTtl(), false);
        }
        if (writer != null) {
          writer.delete(key);
        }
        return Decision.delete(true);
      });
    }
    if (removed == null) {
      stats.misses(1);
    } else {
      stats.hits(1);
      if (removed) {
        stats.removals(1);
      }
    }
    stats.removeTime(start);
    return removed != null && removed;
  }
}
