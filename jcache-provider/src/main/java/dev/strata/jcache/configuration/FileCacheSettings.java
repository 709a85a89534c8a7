package dev.strata.jcache.configuration;

import java.util.Objects;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;

/**
 * What the Strata file says about one cache, after its name patterns were combined (exact name over
 * the longest matching prefix over {@code *}, setting by setting). Every setting is null when no
 * matching pattern sets it. Immutable.
 *
 * <p>How these settings combine with a configuration given in code is decided by the cache's
 * manager; see "Precedence" in {@code docs/configuration.md}.
 */
public final class FileCacheSettings {

  static final FileCacheSettings NONE = new FileCacheSettings(null, null, null, null, null, null, null, null, null, null);

  /** No settings at all (a cache no pattern matches, or a manager without a Strata file). */
  public static FileCacheSettings none() {
    return NONE;
  }

  private final Factory<ExpiryPolicy> expiry;
  private final String expiryText;
  private final Boolean statistics;
  private final Boolean management;
  private final NearCacheSettings nearCache;
  private final Boolean loaderFallback;
  private final Integer compressAbove;
  private final String encryptionKeyId;
  private final Long maxEntries;
  private final EvictionPolicy eviction;

  FileCacheSettings(Factory<ExpiryPolicy> expiry, String expiryText, Boolean statistics, Boolean management,
      NearCacheSettings nearCache, Boolean loaderFallback, Integer compressAbove, String encryptionKeyId,
      Long maxEntries, EvictionPolicy eviction) {
    this.maxEntries = maxEntries;
    this.eviction = eviction;
    this.encryptionKeyId = encryptionKeyId;
    this.compressAbove = compressAbove;
    this.loaderFallback = loaderFallback;
    this.expiry = expiry;
    this.expiryText = expiryText;
    this.statistics = statistics;
    this.management = management;
    this.nearCache = nearCache;
  }

  /** The expiry policy factory the file gives the cache, or null. */
  public Factory<ExpiryPolicy> expiry() {
    return expiry;
  }

  /** Whether statistics are on, or null when the file does not say. */
  public Boolean statistics() {
    return statistics;
  }

  /** Whether the configuration MXBean is registered, or null when the file does not say. */
  public Boolean management() {
    return management;
  }

  /** The near-cache settings (possibly {@code enabled = false}), or null when the file has none. */
  public NearCacheSettings nearCache() {
    return nearCache;
  }

  /** {@code loader-fallback}: read through the loader while Redis is unavailable; null if the file says nothing. */
  public Boolean loaderFallback() {
    return loaderFallback;
  }

  /** {@code compression}: the threshold in bytes (0: off); null if the file says nothing. */
  public Integer compressAbove() {
    return compressAbove;
  }

  /** {@code encryption}: the key id, "" for off; null if the file says nothing. */
  public String encryptionKeyId() {
    return encryptionKeyId;
  }

  /** {@code max-entries}: the bound in Redis (0: unbounded); null if the file says nothing. */
  public Long maxEntries() {
    return maxEntries;
  }

  /** {@code eviction}: the eviction policy of a bounded cache; null if the file says nothing. */
  public EvictionPolicy eviction() {
    return eviction;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileCacheSettings f && Objects.equals(expiryText, f.expiryText)
        && Objects.equals(statistics, f.statistics) && Objects.equals(management, f.management)
        && Objects.equals(nearCache, f.nearCache) && Objects.equals(loaderFallback, f.loaderFallback)
        && Objects.equals(compressAbove, f.compressAbove) && Objects.equals(encryptionKeyId, f.encryptionKeyId)
        && Objects.equals(maxEntries, f.maxEntries) && eviction == f.eviction;
  }

  @Override
  public int hashCode() {
    return Objects.hash(expiryText, statistics, management, nearCache, loaderFallback, compressAbove,
        encryptionKeyId, maxEntries, eviction);
  }

  @Override
  public String toString() {
    return "FileCacheSettings[expiry=" + expiryText + ", statistics=" + statistics + ", management=" + management
        + ", near-cache=" + nearCache + ", loader-fallback=" + loaderFallback
        + ", compression=" + compressAbove + ", encryption=" + encryptionKeyId + ", max-entries=" + maxEntries
        + ", eviction=" + eviction + "]";
  }
}
