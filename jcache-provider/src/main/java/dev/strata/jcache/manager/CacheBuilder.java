package dev.strata.jcache.manager;

import dev.strata.jcache.cache.CacheContext;
import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.codec.ClassAllowList;
import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.KeyLayout;
import dev.strata.jcache.store.RemoteStore;
import java.util.List;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * Turns a user's {@link Configuration} into a running {@link StrataCache}: takes a private copy of
 * the configuration (so later changes to the user's object have no effect), creates the loader,
 * writer and expiry policy from their factories, and wires the codec and the Redis store.
 */
final class CacheBuilder {

  private CacheBuilder() {
  }

  static <K, V> StrataCache<K, V> build(StrataCacheManager manager, String name, Configuration<K, V> configuration,
      Runnable onClose) {
    MutableConfiguration<K, V> copy = copyOf(configuration);
    ClassAllowList allowList;
    try {
      allowList = ClassAllowList.of(manager.settings().allowPatterns(), List.of(copy.getKeyType(), copy.getValueType()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cache " + name + ": " + e.getMessage(), e);
    }
    CacheCodec codec = new CacheCodec(name, new KryoCodec(manager.getClassLoader(), allowList));
    Factory<ExpiryPolicy> expiryFactory = copy.getExpiryPolicyFactory();
    ExpiryStrategy expiry = new ExpiryStrategy(expiryFactory.create());
    ReadThrough<K, V> loader = null;
    Factory<CacheLoader<K, V>> loaderFactory = copy.getCacheLoaderFactory();
    if (loaderFactory != null) {
      loader = new ReadThrough<>(loaderFactory.create());
    }
    WriteThrough<K, V> writer = null;
    Factory<CacheWriter<? super K, ? super V>> writerFactory = copy.getCacheWriterFactory();
    if (writerFactory != null) {
      writer = new WriteThrough<>(writerFactory.create());
    }
    CacheStatistics stats = new CacheStatistics(manager.metrics(), name, copy.isStatisticsEnabled());
    RemoteStore store = new RemoteStore(manager.scripts(),
        new KeyLayout(manager.settings().namespace(), name, manager.settings().segments()), manager.senderId());
    CacheContext<K, V> context = new CacheContext<>(name, manager, copy, codec, store, expiry, loader, writer, stats,
        manager.background());
    return new StrataCache<>(context, onClose);
  }

  /**
   * A private copy of the configuration. Entries always travel to Redis as bytes, so the cache
   * behaves store-by-value whatever was asked; the flag is kept as configured because JCache
   * reports configurations as given (see docs/configuration.md).
   */
  @SuppressWarnings("unchecked")
  private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    MutableConfiguration<K, V> copy;
    if (configuration instanceof CompleteConfiguration) {
      copy = new MutableConfiguration<>((CompleteConfiguration<K, V>) configuration);
    } else {
      copy = new MutableConfiguration<K, V>().setTypes(configuration.getKeyType(), configuration.getValueType());
    }
    return copy;
  }
}
