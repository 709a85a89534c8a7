package dev.strata.jcache.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The settings one name pattern of {@code strata.caches} gives: an exact cache name, a prefix
 * ending in {@code *}, or {@code *}. Values were checked when the file was read.
 */
final class CacheRule {

  private final String pattern;
  private final Factory<ExpiryPolicy> expiry;
  private final String expiryText;
  private final Boolean statistics;
  private final Boolean management;
  private final Map<String, String> nearCache;
  private final Boolean loaderFallback;
  private final Integer compressAbove;
  private final String encryptionKeyId;
  private final Long maxEntries;
  private final EvictionPolicy eviction;

  CacheRule(String pattern, Factory<ExpiryPolicy> expiry, String expiryText, Boolean statistics, Boolean management,
      Map<String, String> nearCache, Boolean loaderFallback, Integer compressAbove, String encryptionKeyId,
      Long maxEntries, EvictionPolicy eviction) {
    this.maxEntries = maxEntries;
    this.eviction = eviction;
    this.encryptionKeyId = encryptionKeyId;
    this.compressAbove = compressAbove;
    this.loaderFallback = loaderFallback;
    this.pattern = pattern;
    this.expiry = expiry;
    this.expiryText = expiryText;
    this.statistics = statistics;
    this.management = management;
    this.nearCache = nearCache == null ? null : Map.copyOf(nearCache);
  }

  boolean matches(String cacheName) {
    if (pattern.endsWith("*")) {
      return cacheName.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(cacheName);
  }

  /** Higher is more specific: {@code *}, then prefixes by length, then exact names. */
  int specificity() {
    return pattern.endsWith("*") ? pattern.length() - 1 : Integer.MAX_VALUE;
  }

  /** The settings of several matching rules, each overriding those added before it. */
  static final class Combined {
    private Factory<ExpiryPolicy> expiry;
    private String expiryText;
    private Boolean statistics;
    private Boolean management;
    private final List<Map<String, String>> nearCache = new ArrayList<>();
    private Boolean loaderFallback;
    private Integer compressAbove;
    private String encryptionKeyId;
    private Long maxEntries;
    private EvictionPolicy eviction;

    void add(CacheRule rule) {
      if (rule.maxEntries != null) {
        maxEntries = rule.maxEntries;
      }
      if (rule.eviction != null) {
        eviction = rule.eviction;
      }
      if (rule.expiry != null) {
        expiry = rule.expiry;
        expiryText = rule.expiryText;
      }
      if (rule.statistics != null) {
        statistics = rule.statistics;
      }
      if (rule.management != null) {
        management = rule.management;
      }
      if (rule.nearCache != null) {
        nearCache.add(rule.nearCache);
      }
      if (rule.loaderFallback != null) {
        loaderFallback = rule.loaderFallback;
      }
      if (rule.compressAbove != null) {
        compressAbove = rule.compressAbove;
      }
      if (rule.encryptionKeyId != null) {
        encryptionKeyId = rule.encryptionKeyId;
      }
    }

    FileCacheSettings settings(String location) {
      NearCacheSettings near = null;
      if (!nearCache.isEmpty()) {
        NearCacheSettings.Builder builder = NearCacheSettings.builder();
        for (Map<String, String> settings : nearCache) {
          // checked when the file was read; a later pattern's bound replaces an earlier one's
          settings.forEach((setting, value) -> NearCacheFile.applySetting(builder, setting, value));
        }
        near = builder.build();
      }
      if (expiry == null && statistics == null && management == null && near == null && loaderFallback == null
          && compressAbove == null && encryptionKeyId == null && maxEntries == null && eviction == null) {
        return FileCacheSettings.NONE;
      }
      return new FileCacheSettings(expiry, expiryText, statistics, management, near, loaderFallback,
          compressAbove, encryptionKeyId, maxEntries, eviction);
    }
  }
}
