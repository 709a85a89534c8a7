package dev.strata.jcache.configuration;

import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A {@link MutableConfiguration} with Strata's own settings: the near cache, the loader fallback, and the
 * storage policies in Redis (bound and eviction policy, compression, encryption). Pass it to
 * {@code CacheManager.createCache} like any JCache configuration:
 *
 * <pre>{@code
 * StrataConfiguration<String, User> config = new StrataConfiguration<String, User>()
 *     .setNearCache(NearCacheSettings.builder().maxEntries(50_000).maxAge(Duration.ofMinutes(5)).build());
 * config.setTypes(String.class, User.class);
 * Cache<String, User> users = manager.createCache("users", config);
 * }</pre>
 *
 * <p>When no near-cache settings are given here, the manager's near-cache file decides (see
 * {@code docs/configuration.md}); settings given here win over the file.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class StrataConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private NearCacheSettings nearCache;
  private Boolean loaderFallback;
  private Integer compressAbove;
  private String encryptionKeyId;
  private Long maxEntries;
  private EvictionPolicy evictionPolicy;

  /** A configuration with JCache's defaults and no near-cache settings of its own. */
  public StrataConfiguration() {
  }

  /** A copy of {@code configuration}, with its near-cache settings if it is a Strata configuration. */
  public StrataConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof StrataConfiguration<K, V> strata) {
      this.nearCache = strata.nearCache;
      this.loaderFallback = strata.loaderFallback;
      this.compressAbove = strata.compressAbove;
      this.encryptionKeyId = strata.encryptionKeyId;
      this.maxEntries = strata.maxEntries;
      this.evictionPolicy = strata.evictionPolicy;
    }
  }

  /** Sets the near cache of this cache; null leaves the decision to the manager's near-cache file. */
  public StrataConfiguration<K, V> setNearCache(NearCacheSettings nearCache) {
    this.nearCache = nearCache;
    return this;
  }

  /** The near-cache settings given here, or null if none were. */
  public NearCacheSettings getNearCache() {
    return nearCache;
  }

  /**
   * Whether a read-through cache calls its {@code CacheLoader} directly while Redis is unavailable
   * (circuit open, or the call failed because Redis did not answer), without storing what it loads.
   * The answer is as fresh as the loader's source, and nothing is cached until Redis is back; off by
   * default. Null leaves the decision to the manager's Strata file ({@code loader-fallback}).
   */
  public StrataConfiguration<K, V> setLoaderFallback(Boolean loaderFallback) {
    this.loaderFallback = loaderFallback;
    return this;
  }

  /** The loader fallback given here, or null if none was. */
  public Boolean getLoaderFallback() {
    return loaderFallback;
  }

  /**
   * Stores values whose encoded form is longer than {@code bytes} compressed (LZ4); 0 turns
   * compression off; null leaves the decision to the manager's Strata file ({@code compression}),
   * else off. Every cache reads both forms, so the setting can change at any time.
   */
  public StrataConfiguration<K, V> setCompressAbove(Integer bytes) {
    if (bytes != null && bytes < 0) {
      throw new IllegalArgumentException("compressAbove must be 0 (off) or a positive number of bytes, was " + bytes);
    }
    this.compressAbove = bytes;
    return this;
  }

  /** The compression threshold given here, or null if none was. */
  public Integer getCompressAbove() {
    return compressAbove;
  }

  /**
   * Encrypts this cache's values (AES-GCM) with the manager's key {@code keyId}
   * ({@code strata.encryption.keys}); "" turns encryption off; null leaves the decision to the
   * manager's Strata file ({@code encryption}), else off.
   */
  public StrataConfiguration<K, V> setEncryptionKeyId(String keyId) {
    this.encryptionKeyId = keyId;
    return this;
  }

  /** The encryption key id given here, "" for off, or null if none was given. */
  public String getEncryptionKeyId() {
    return encryptionKeyId;
  }

  /**
   * Bounds the cache in Redis to {@code maxEntries} entries: a write that would take it over the
   * bound removes entries chosen by the {@linkplain #setEvictionPolicy eviction policy} (LRU unless
   * one is set), counted in {@code CacheEvictions}; 0 means unbounded; null leaves the decision to
   * the manager's Strata file ({@code max-entries}), else unbounded. Every JVM sharing the cache
   * must give it the same bound, as with {@code strata.segments}.
   */
  public StrataConfiguration<K, V> setMaxEntries(Long maxEntries) {
    if (maxEntries != null && maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must be 0 (unbounded) or positive, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    return this;
  }

  /** The maximum entry count given here, 0 for unbounded, or null if none was given. */
  public Long getMaxEntries() {
    return maxEntries;
  }

  /**
   * Which entries a bounded cache evicts first; null leaves the decision to the manager's Strata
   * file ({@code eviction}), else LRU for a bounded cache. {@link EvictionPolicy#NONE} makes the
   * cache unbounded whatever {@link #setMaxEntries} says.
   */
  public StrataConfiguration<K, V> setEvictionPolicy(EvictionPolicy policy) {
    this.evictionPolicy = policy;
    return this;
  }

  /** The eviction policy given here, or null if none was. */
  public EvictionPolicy getEvictionPolicy() {
    return evictionPolicy;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    return !(o instanceof StrataConfiguration<?, ?> s)
        || Objects.equals(s.nearCache, nearCache) && Objects.equals(s.loaderFallback, loaderFallback)
        && Objects.equals(s.compressAbove, compressAbove) && Objects.equals(s.encryptionKeyId, encryptionKeyId)
        && Objects.equals(s.maxEntries, maxEntries) && s.evictionPolicy == evictionPolicy;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Objects.hash(nearCache, loaderFallback, compressAbove, encryptionKeyId, maxEntries,
        evictionPolicy);
  }
}
