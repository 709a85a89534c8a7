package dev.strata.bench;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.redisson.api.RBuckets;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The subjects and exactly how each is configured (docs/performance.md repeats this). Every
 * Redis-backed subject stores values as they are, as {@link ValueType} says (no serializer
 * advantage to anyone), and every near cache holds at most {@code nearEntries} entries.
 */
final class Subjects {

  static final String STRATA_NEAR = "Strata + near cache";
  static final String STRATA = "Strata";
  static final String REDISSON_JCACHE = "Redisson JCache";
  static final String LOCAL_CACHED_MAP = "Redisson RLocalCachedMap";
  static final String RAW = "raw Redisson (floor)";
  static final String CAFFEINE = "Caffeine JCache (in-JVM limit)";
  static final String STRATA_LRU = "Strata, LRU bound";
  static final String STRATA_LFU = "Strata, LFU bound";
  static final String STRATA_FIFO = "Strata, FIFO bound";
  static final String STRATA_LZ4 = "Strata, LZ4 above 512 B";
  static final String STRATA_AES = "Strata, AES-GCM";

  private Subjects() {
  }

  /** Whether the subject of that name stores its entries in Redis; only Caffeine's JCache does not. */
  static boolean usesRedis(String subjectName) {
    return !subjectName.equals(CAFFEINE);
  }

  /** A JCache {@link Cache} as a subject. */
  static <V> Subject<V> jcache(String name, Cache<String, V> cache) {
    return new Subject<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public V get(String key) {
        return cache.get(key);
      }

      @Override
      public void put(String key, V value) {
        cache.put(key, value);
      }

      @Override
      public Map<String, V> getAll(Set<String> keys) {
        return cache.getAll(keys);
      }

      @Override
      public void putAll(Map<String, V> entries) {
        cache.putAll(entries);
      }

      @Override
      public void close() {
        cache.getCacheManager().destroyCache(cache.getName());
      }
    };
  }

  static <V> Subject<V> strata(CacheManager manager, String cacheName, boolean near, int nearEntries,
      ValueType<V> values) {
    StrataConfiguration<String, V> config = new StrataConfiguration<>();
    config.setTypes(String.class, values.type());
    config.setStoreByValue(values.storeByValue());
    config.setNearCache(near ? NearCacheSettings.builder().maxEntries(nearEntries).build() : NearCacheSettings.disabled());
    return jcache(near ? STRATA_NEAR : STRATA, manager.createCache(cacheName, config));
  }

  /**
   * Strata without a near cache and with one storage policy, so that Redis's cost of the policy
   * shows: {@code tweak} sets it on the configuration.
   */
  static <V> Subject<V> strataWithPolicy(CacheManager manager, String name, String cacheName, ValueType<V> values,
      java.util.function.Consumer<StrataConfiguration<String, V>> tweak) {
    StrataConfiguration<String, V> config = new StrataConfiguration<>();
    config.setTypes(String.class, values.type());
    config.setStoreByValue(values.storeByValue());
    config.setNearCache(NearCacheSettings.disabled());
    tweak.accept(config);
    return jcache(name, manager.createCache(cacheName, config));
  }

  /** Redisson's JCache; it takes its codec from {@code client}, whose codec must be {@code values.codec()}. */
  static <V> Subject<V> redissonJCache(CacheManager redissonManager, RedissonClient client, String cacheName,
      ValueType<V> values) {
    return jcache(REDISSON_JCACHE, redissonManager.createCache(cacheName,
        RedissonConfiguration.fromInstance(client, jcacheConfiguration(values))));
  }

  static <V> Subject<V> caffeine(CacheManager caffeineManager, String cacheName, ValueType<V> values) {
    return jcache(CAFFEINE, caffeineManager.createCache(cacheName, jcacheConfiguration(values)));
  }

  private static <V> MutableConfiguration<String, V> jcacheConfiguration(ValueType<V> values) {
    return new MutableConfiguration<String, V>().setTypes(String.class, values.type())
        .setStoreByValue(values.storeByValue());
  }

  /** Redisson's map with a local cache (its near cache), invalidated on change, same size bound. */
  static <V> Subject<V> localCachedMap(RedissonClient client, String mapName, int nearEntries, ValueType<V> values) {
    RLocalCachedMap<String, V> map = client.getLocalCachedMap(LocalCachedMapOptions.<String, V>name(mapName)
        .codec(values.codec())
        .cacheSize(nearEntries)
        .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
        .reconnectionStrategy(LocalCachedMapOptions.ReconnectionStrategy.CLEAR)
        .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU));
    return new Subject<>() {
      @Override
      public String name() {
        return LOCAL_CACHED_MAP;
      }

      @Override
      public V get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, V value) {
        map.fastPut(key, value);
      }

      @Override
      public Map<String, V> getAll(Set<String> keys) {
        return map.getAll(keys);
      }

      @Override
      public void putAll(Map<String, V> entries) {
        map.putAll(entries);
      }

      @Override
      public void close() {
        map.delete();
        map.destroy();
      }
    };
  }

  /** One plain GET/SET per key (MGET/MSET for bulk): one round trip, nothing else. */
  static <V> Subject<V> raw(RedissonClient client, String prefix, ValueType<V> values) {
    RBuckets buckets = client.getBuckets(values.codec());
    return new Subject<>() {
      @Override
      public String name() {
        return RAW;
      }

      @Override
      public V get(String key) {
        return client.<V>getBucket(prefix + key, values.codec()).get();
      }

      @Override
      public void put(String key, V value) {
        client.<V>getBucket(prefix + key, values.codec()).set(value);
      }

      @Override
      public Map<String, V> getAll(Set<String> keys) {
        String[] names = keys.stream().map(k -> prefix + k).toArray(String[]::new);
        Map<String, V> found = buckets.get(names);
        Map<String, V> out = new HashMap<>();
        found.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
        return out;
      }

      @Override
      public void putAll(Map<String, V> entries) {
        Map<String, V> prefixed = new HashMap<>();
        entries.forEach((k, v) -> prefixed.put(prefix + k, v));
        buckets.set(prefixed);
      }

      @Override
      public void close() {
        client.getKeys().deleteByPattern(prefix + "*");
      }
    };
  }
}
