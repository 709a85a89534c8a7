package dev.strata.jcache.cache;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.store.Decision;
import dev.strata.jcache.store.OptimisticUpdater;
import dev.strata.jcache.store.RawEvent;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.ScriptResult;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The single-key writes of a cache (put, putIfAbsent, replace, remove and their get-and variants)
 * with their statistics. Each is one script when the expiry policy is constant and no writer has to
 * be consulted first; otherwise it reads the entry, decides in Java (asking the expiry policy only
 * for the branch taken, and the writer only if the write will apply) and commits with a version
 * check. Arguments are checked by {@link StrataCache} before they get here.
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
  private final Consumer<List<RawEvent>> localEvents;
  private final NearCache near;

  SingleKeyWrites(StrataCache<K, V> cache, CacheContext<K, V> context, WriteThrough<K, V> writer,
      OptimisticUpdater updater, Consumer<List<RawEvent>> localEvents) {
    this.cache = cache;
    this.codec = context.codec();
    this.store = context.store();
    this.expiry = context.expiry();
    this.stats = context.statistics();
    this.writer = writer;
    this.updater = updater;
    this.localEvents = localEvents;
    this.near = context.near();
  }

  V put(K key, V value, boolean returnOld) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] v = codec.encode(value);
    if (writer != null) {
      writer.write(key, value);
    }
    byte[] old;
    boolean written;
    if (expiry.isConstant()) {
      ScriptResult r = store.put(k, v, RemoteStore.MODE_PUT, expiry.creationTtl(), expiry.updateTtl(),
          RemoteStore.TTL_UNCHANGED, null);
      localEvents.accept(r.events());
      written = r.number(0) == 1;
      old = r.bytes(1);
      cacheWritten(k, v, r, written);
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
      result = decode(old);
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
    byte[] v = codec.encode(value);
    boolean written;
    if (expiry.isConstant() && writer == null) {
      ScriptResult r = store.put(k, v, RemoteStore.MODE_IF_ABSENT, expiry.creationTtl(), expiry.updateTtl(),
          RemoteStore.TTL_UNCHANGED, null);
      localEvents.accept(r.events());
      written = r.number(0) == 1;
      cacheWritten(k, v, r, written);
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
    byte[] v = codec.encode(newValue);
    Boolean replaced;
    if (expiry.isConstant() && writer == null) {
      ScriptResult r = store.put(k, v, RemoteStore.MODE_IF_EQUAL, expiry.creationTtl(), expiry.updateTtl(),
          expiry.accessTtl(), expected);
      localEvents.accept(r.events());
      replaced = r.number(2) == 0 ? null : r.number(0) == 1;
    } else {
      replaced = updater.update(k, s -> {
        if (!s.present()) {
          return Decision.nothing((Boolean) null);
        }
        if (!Objects.equals(decode(s.value()), oldValue)) {
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

  byte[] replaceIfPresent(K key, V value, boolean isGet) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] v = codec.encode(value);
    byte[] old;
    if (expiry.isConstant() && writer == null) {
      ScriptResult r = store.put(k, v, RemoteStore.MODE_IF_PRESENT, expiry.creationTtl(), expiry.updateTtl(),
          RemoteStore.TTL_UNCHANGED, null);
      localEvents.accept(r.events());
      old = r.number(0) == 1 ? r.bytes(1) : null;
      cacheWritten(k, v, r, old != null);
    } else {
      old = updater.update(k, s -> {
        if (!s.present()) {
          return Decision.nothing(null);
        }
        if (writer != null) {
          writer.write(key, value);
        }
        return Decision.set(v, expiry.updateTtl(), s.value());
      });
    }
    if (old != null) {
      stats.hits(1);
      stats.puts(1);
    } else {
      stats.misses(1);
    }
    if (isGet) {
      stats.getTime(start);
    }
    stats.putTime(start);
    return old;
  }

  byte[] removeEncoded(K key, byte[] k) {
    if (writer != null) {
      writer.delete(key);
    }
    ScriptResult r = store.remove(k, RemoteStore.MODE_REMOVE, null, RemoteStore.TTL_UNCHANGED);
    localEvents.accept(r.events());
    byte[] old = r.number(0) == 1 ? r.bytes(1) : null;
    if (old != null) {
      stats.removals(1);
    }
    return old;
  }

  boolean remove(K key, V oldValue) {
    long start = stats.start();
    byte[] k = codec.encode(key);
    byte[] expected = codec.encode(oldValue);
    Boolean removed;
    if (expiry.isConstant() && writer == null) {
      ScriptResult r = store.remove(k, RemoteStore.MODE_IF_EQUAL, expected, expiry.accessTtl());
      localEvents.accept(r.events());
      removed = r.number(2) == 0 ? null : r.number(0) == 1;
    } else {
      removed = updater.update(k, s -> {
        if (!s.present()) {
          return Decision.nothing((Boolean) null);
        }
        if (!Objects.equals(decode(s.value()), oldValue)) {
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

  /** With on-update = cache, installs what a put-family script wrote in this JVM's near cache. */
  private void cacheWritten(byte[] k, byte[] v, ScriptResult r, boolean written) {
    if (written && near != null && near.cachesOnUpdate()) {
      near.installWritten(k, v, r, r.number(3));
    }
  }

  private V decode(byte[] bytes) {
    return cache.decode(bytes);
  }
}
