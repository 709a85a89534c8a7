package dev.strata.jcache.configuration;

import java.util.Collections;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * What {@code Cache.getConfiguration} returns: a read-only copy of a cache's configuration as it is
 * at the moment of the call (the settings in effect, the Strata file's included, the listeners
 * registered then, statistics and management as last switched). The JCache specification requires
 * the returned configuration to be immutable: every setter throws
 * {@link UnsupportedOperationException}, and later changes to the cache do not show in a snapshot
 * already taken. To build a new cache from it, copy it:
 * {@code new MutableConfiguration<>(snapshot)} or {@code new StrataConfiguration<>(snapshot)}.
 *
 * <p>It is a {@link StrataConfiguration}, so {@code getConfiguration} answers requests for
 * {@code Configuration}, {@code CompleteConfiguration}, {@code MutableConfiguration} and
 * {@code StrataConfiguration} with it; {@link #getNearCache()} gives the near-cache settings the
 * cache was built with (from code or from a file), or null.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConfigurationSnapshot<K, V> extends StrataConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  // false while the superclass constructor copies values through the setters below
  private final boolean sealed;

  /**
   * A snapshot of {@code configuration} with the listeners and switches the cache has now.
   *
   * @param configuration the cache's own configuration (its near-cache settings if a Strata one)
   * @param listeners the listener configurations registered now
   * @param statisticsEnabled whether statistics are on now
   * @param managementEnabled whether management is on now
   */
  public ConfigurationSnapshot(CompleteConfiguration<K, V> configuration,
      Iterable<CacheEntryListenerConfiguration<K, V>> listeners, boolean statisticsEnabled,
      boolean managementEnabled) {
    super(configuration);
    listenerConfigurations.clear();
    for (CacheEntryListenerConfiguration<K, V> listener : listeners) {
      listenerConfigurations.add(listener);
    }
    isStatisticsEnabled = statisticsEnabled;
    isManagementEnabled = managementEnabled;
    sealed = true;
  }

  private void checkWritable() {
    if (sealed) {
      throw new UnsupportedOperationException("a cache's configuration cannot be changed once the cache exists "
          + "(copy it with new MutableConfiguration<>(configuration) to create another cache; switch statistics and "
          + "management with CacheManager.enableStatistics/enableManagement; add listeners with "
          + "Cache.registerCacheEntryListener)");
    }
  }

  @Override
  public Iterable<CacheEntryListenerConfiguration<K, V>> getCacheEntryListenerConfigurations() {
    return Collections.unmodifiableSet(listenerConfigurations);
  }

  @Override
  public StrataConfiguration<K, V> setNearCache(NearCacheSettings nearCache) {
    checkWritable();
    return super.setNearCache(nearCache);
  }

  @Override
  public StrataConfiguration<K, V> setLoaderFallback(Boolean loaderFallback) {
    checkWritable();
    return super.setLoaderFallback(loaderFallback);
  }

  @Override
  public StrataConfiguration<K, V> setCompressAbove(Integer bytes) {
    checkWritable();
    return super.setCompressAbove(bytes);
  }

  @Override
  public StrataConfiguration<K, V> setEncryptionKeyId(String keyId) {
    checkWritable();
    return super.setEncryptionKeyId(keyId);
  }

  @Override
  public StrataConfiguration<K, V> setMaxEntries(Long maxEntries) {
    checkWritable();
    return super.setMaxEntries(maxEntries);
  }

  @Override
  public StrataConfiguration<K, V> setEvictionPolicy(EvictionPolicy policy) {
    checkWritable();
    return super.setEvictionPolicy(policy);
  }

  @Override
  public ConfigurationSnapshot<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    checkWritable();
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> configuration) {
    checkWritable();
    super.addCacheEntryListenerConfiguration(configuration);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> configuration) {
    checkWritable();
    super.removeCacheEntryListenerConfiguration(configuration);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
    checkWritable();
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    checkWritable();
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    checkWritable();
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setReadThrough(boolean isReadThrough) {
    checkWritable();
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setWriteThrough(boolean isWriteThrough) {
    checkWritable();
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setStoreByValue(boolean isStoreByValue) {
    checkWritable();
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setStatisticsEnabled(boolean enabled) {
    checkWritable();
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public ConfigurationSnapshot<K, V> setManagementEnabled(boolean enabled) {
    checkWritable();
    super.setManagementEnabled(enabled);
    return this;
  }

  // equals and hashCode: StrataConfiguration's, which compare values only
  @Override
  public boolean equals(Object o) {
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
