package dev.strata.jcache.cache;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.store.RemoteStore;
import java.util.concurrent.Executor;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Everything a cache is built from, assembled by its manager.
 *
 * @param name the cache name
 * @param manager the owning manager
 * @param configuration the cache's own copy of its configuration
 * @param codec the key and value codec
 * @param store the Redis side of the cache
 * @param expiry the expiry policy as script arguments
 * @param loader the read-through loader, or null
 * @param writer the write-through writer, or null
 * @param statistics the statistics counters
 * @param executor runs {@code loadAll} in the background
 * @param near the near cache, or null when the cache has none
 * @param asyncExecutor runs the calls of the {@link AsyncCache} view
 * @param <K> key type
 * @param <V> value type
 */
public record CacheContext<K, V>(String name, CacheManager manager, MutableConfiguration<K, V> configuration,
    CacheCodec codec, RemoteStore store, ExpiryStrategy expiry, ReadThrough<K, V> loader, WriteThrough<K, V> writer,
    CacheStatistics statistics, Executor executor, NearCache near, Executor asyncExecutor) {
}
