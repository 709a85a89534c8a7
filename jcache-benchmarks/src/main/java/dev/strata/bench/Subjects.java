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
import org.redisson.client.codec.StringCodec;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The subjects and exactly how each is configured (docs/performance.md repeats this). Every
 * Redis-backed subject stores String values as plain strings (no serializer advantage to anyone),
 * and every near cache holds at most {@code nearEntries} entries.
 */
final class Subjects {

  static final String STRATA_NEAR = "Strata + near cache";
  static final String STRATA = "Strata";
  static final String REDISSON_JCACHE = "Redisson JCache";
  static final String LOCAL_CACHED_MAP = "Redisson RLocalCachedMap";
  static final String RAW = "raw Redisson (floor)";
  static final String CAFFEINE = "Caffeine JCache (in-JVM limit)";

  private Subjects() {
  }

  /** A JCache {@link Cache} as a subject. */
  static Subject jcache(String name, Cache<String, String> cache) {
    return new Subject() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String get(String key) {
        return cache.get(key);
      }

      @Override
      public void put(String key, String value) {
        cache.put(key, value);
      }

      @Override
      public Map<String, String> getAll(Set<String> keys) {
        return cache.getAll(keys);
      }

      @Override
      public void putAll(Map<String, String> entries) {
        cache.putAll(entries);
      }

      @Override
      public void close() {
        cache.getCacheManager().destroyCache(cache.getName());
      }
    };
  }

  static Subject strata(CacheManager manager, String cacheName, boolean near, int nearEntries) {
    StrataConfiguration<String, String> config = new StrataConfiguration<>();
    config.setTypes(String.class, String.class);
    config.setNearCache(near ? NearCacheSettings.builder().maxEntries(nearEntries).build() : NearCacheSettings.disabled());
    return jcache(near ? STRATA_NEAR : STRATA, manager.createCache(cacheName, config));
  }

  /** Redisson's JCache on a client whose codec is StringCodec. */
  static Subject redissonJCache(CacheManager redissonManager, RedissonClient stringClient, String cacheName) {
    MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    return jcache(REDISSON_JCACHE, redissonManager.createCache(cacheName,
        RedissonConfiguration.fromInstance(stringClient, config)));
  }

  static Subject caffeine(CacheManager caffeineManager, String cacheName) {
    return jcache(CAFFEINE, caffeineManager.createCache(cacheName,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
  }

  /** Redisson's map with a local cache (its near cache), invalidated on change, same size bound. */
  static Subject localCachedMap(RedissonClient client, String mapName, int nearEntries) {
    RLocalCachedMap<String, String> map = client.getLocalCachedMap(LocalCachedMapOptions.<String, String>name(mapName)
        .codec(StringCodec.INSTANCE)
        .cacheSize(nearEntries)
        .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
        .reconnectionStrategy(LocalCachedMapOptions.ReconnectionStrategy.CLEAR)
        .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU));
    return new Subject() {
      @Override
      public String name() {
        return LOCAL_CACHED_MAP;
      }

      @Override
      public String get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, String value) {
        map.fastPut(key, value);
      }

      @Override
      public Map<String, String> getAll(Set<String> keys) {
        return map.getAll(keys);
      }

      @Override
      public void putAll(Map<String, String> entries) {
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
  static Subject raw(RedissonClient client, String prefix) {
    RBuckets buckets = client.getBuckets(StringCodec.INSTANCE);
    return new Subject() {
      @Override
      public String name() {
        return RAW;
      }

      @Override
      public String get(String key) {
        return (String) client.getBucket(prefix + key, StringCodec.INSTANCE).get();
      }

      @Override
      public void put(String key, String value) {
        client.getBucket(prefix + key, StringCodec.INSTANCE).set(value);
      }

      @Override
      public Map<String, String> getAll(Set<String> keys) {
        String[] names = keys.stream().map(k -> prefix + k).toArray(String[]::new);
        Map<String, Object> found = buckets.get(names);
        Map<String, String> out = new HashMap<>();
        found.forEach((k, v) -> out.put(k.substring(prefix.length()), (String) v));
        return out;
      }

      @Override
      public void putAll(Map<String, String> entries) {
        Map<String, Object> prefixed = new HashMap<>();
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
