package dev.strata.jcache.manager;

import dev.strata.jcache.cache.CacheContext;
import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.codec.ClassAllowList;
import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.configuration.EvictionPolicy;
import dev.strata.jcache.configuration.FileCacheSettings;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.ReadThrough;
import dev.strata.jcache.integration.WriteThrough;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.management.NearCacheMetrics;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.near.NearCacheCoordinator;
import dev.strata.jcache.store.EntryBound;
import dev.strata.jcache.store.KeyLayout;
import dev.strata.jcache.store.RemoteStore;
import java.util.List;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a user's {@link Configuration} into a running {@link StrataCache}: takes a private copy of
 * the configuration (so later changes to the user's object have no effect), fills in what the
 * manager's Strata file says about the cache where the code left JCache's defaults, creates the
 * loader, writer and expiry policy from their factories, and wires the codec and the Redis store.
 */
final class CacheBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(CacheBuilder.class);

  private CacheBuilder() {
  }

  /**
   * The bound in Redis of cache {@code name}: {@code max-entries} and {@code eviction} from the
   * configuration, else from the manager's Strata file; a bounded cache without a policy is LRU.
   * Known before the cache is built, because it decides the cache's segment count.
   *
   * @throws IllegalArgumentException for a policy without a bound
   */
  static EntryBound boundOf(StrataCacheManager manager, String name, Configuration<?, ?> configuration) {
    FileCacheSettings file = manager.fileCacheSettings(name);
    StrataConfiguration<?, ?> strata = configuration instanceof StrataConfiguration<?, ?> s ? s : null;
    Long max = strata != null && strata.getMaxEntries() != null ? strata.getMaxEntries() : file.maxEntries();
    EvictionPolicy policy = strata != null && strata.getEvictionPolicy() != null ? strata.getEvictionPolicy()
        : file.eviction();
    if (policy == EvictionPolicy.NONE) {
      return EntryBound.NONE;
    }
    if (max == null || max == 0) {
      if (policy != null) {
        throw new IllegalArgumentException("cache " + name + ": eviction policy " + policy
            + " needs a maximum entry count (setMaxEntries, or max-entries in the Strata file)");
      }
      return EntryBound.NONE;
    }
    return new EntryBound(policy == null ? EvictionPolicy.LRU : policy, max);
  }

  static <K, V> StrataCache<K, V> build(StrataCacheManager manager, KeyLayout layout, EntryBound bound,
      Configuration<K, V> configuration, Runnable onClose) {
    String name = layout.cacheName();
    StrataConfiguration<K, V> copy = copyOf(configuration);
    FileCacheSettings file = manager.fileCacheSettings(name);
    if (bound.bounded()) {
      // reported by getConfiguration as in effect, whichever source gave it
      copy.setMaxEntries(bound.maxEntries());
      copy.setEvictionPolicy(bound.policy());
    }
    ClassAllowList allowList;
    try {
      allowList = ClassAllowList.of(manager.settings().allowPatterns(), List.of(copy.getKeyType(), copy.getValueType()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cache " + name + ": " + e.getMessage(), e);
    }
    if (copy.getCompressAbove() == null && file.compressAbove() != null) {
      copy.setCompressAbove(file.compressAbove());
    }
    if (copy.getEncryptionKeyId() == null && file.encryptionKeyId() != null) {
      copy.setEncryptionKeyId(file.encryptionKeyId());
    }
    CacheCodec codec = codecOf(manager, name, copy, allowList);
    ExpiryStrategy expiry = new ExpiryStrategy(expiryPolicy(copy, file));
    // the JCache defaults (off) are what a plain MutableConfiguration holds when nobody chose
    if (!copy.isStatisticsEnabled() && file.statistics() != null) {
      copy.setStatisticsEnabled(file.statistics());
    }
    if (!copy.isManagementEnabled() && file.management() != null) {
      copy.setManagementEnabled(file.management());
    }
    if (copy.getLoaderFallback() == null && file.loaderFallback() != null) {
      copy.setLoaderFallback(file.loaderFallback());
    }
    CacheStatistics stats = new CacheStatistics(manager.metrics(), manager.metricsPrefix(), name,
        copy.isStatisticsEnabled());
    ReadThrough<K, V> loader = null;
    Factory<CacheLoader<K, V>> loaderFactory = copy.getCacheLoaderFactory();
    if (loaderFactory != null) {
      loader = new ReadThrough<>(loaderFactory.create(), stats);
    }
    WriteThrough<K, V> writer = null;
    Factory<CacheWriter<? super K, ? super V>> writerFactory = copy.getCacheWriterFactory();
    if (writerFactory != null) {
      writer = new WriteThrough<>(writerFactory.create());
    }
    RemoteStore store = new RemoteStore(manager.scripts(), layout, manager.senderId(), bound);
    NearCache near = nearCache(manager, name, copy, expiry, store, codec);
    CacheContext<K, V> context = new CacheContext<>(name, manager, copy, codec, store, expiry, loader, writer, stats,
        manager.background(), near, manager.asyncExecutor());
    return new StrataCache<>(context, onClose);
  }

  /**
   * The cache's codec: compression and encryption as its configuration says. Every cache of a
   * manager with keys can read encrypted values (another JVM may encrypt), and only a cache with a
   * key id writes them.
   */
  private static CacheCodec codecOf(StrataCacheManager manager, String name, StrataConfiguration<?, ?> copy,
      ClassAllowList allowList) {
    java.util.Map<String, javax.crypto.SecretKey> keys = manager.settings().encryptionKeys();
    String keyId = copy.getEncryptionKeyId() == null || copy.getEncryptionKeyId().isEmpty() ? null
        : copy.getEncryptionKeyId();
    if (keyId != null && !keys.containsKey(keyId)) {
      throw new IllegalArgumentException("cache " + name + ": encryption key '" + keyId + "' is not among the "
          + "manager's keys (strata.encryption.keys names " + keys.keySet() + ")");
    }
    return new CacheCodec(name, new KryoCodec(manager.getClassLoader(), allowList, manager.settings().maxValueBytes()),
        copy.getCompressAbove() == null ? 0 : copy.getCompressAbove(),
        keys.isEmpty() ? null : new dev.strata.jcache.codec.ValueEncryption(keys, name), keyId);
  }

  /**
   * The cache's expiry policy. The configuration's factory is asked once; when it makes JCache's
   * default (eternal) and the Strata file gives the cache an expiry, the file's is used and put into
   * the cache's configuration. A plain {@code MutableConfiguration} cannot say "eternal on purpose",
   * so an eternal policy set in code does not keep the file's expiry out (documented precedence).
   */
  private static ExpiryPolicy expiryPolicy(StrataConfiguration<?, ?> copy, FileCacheSettings file) {
    Factory<ExpiryPolicy> expiryFactory = copy.getExpiryPolicyFactory();
    ExpiryPolicy policy = expiryFactory.create();
    if (file.expiry() != null && policy != null && policy.getClass() == EternalExpiryPolicy.class) {
      copy.setExpiryPolicyFactory(file.expiry());
      policy = file.expiry().create();
    }
    return policy;
  }

  /**
   * The cache's near cache, or null. Settings come from a {@link StrataConfiguration}, else from the
   * manager's files (Strata file over near-cache properties file); file settings are recorded in the
   * cache's configuration so that {@code getConfiguration} reports them. A near cache serves reads without telling Redis, so it is left out
   * when the expiry policy must change an entry's expiry on every access (accessed/touched or custom
   * policies); that is logged once.
   */
  private static NearCache nearCache(StrataCacheManager manager, String name, StrataConfiguration<?, ?> config,
      ExpiryStrategy expiry, RemoteStore store, CacheCodec codec) {
    NearCacheSettings settings = config.getNearCache();
    if (settings == null) {
      settings = manager.nearCacheFileSettings(name);
      config.setNearCache(settings);
    }
    if (settings == null || !settings.enabled()) {
      return null;
    }
    if (!expiry.isConstant() || expiry.accessTtl() != RemoteStore.TTL_UNCHANGED) {
      LOG.info("cache {}: near cache not used, because its expiry policy changes expiry on access, which only "
          + "Redis can do; use a created/modified/eternal expiry policy to get one", name);
      return null;
    }
    NearCacheCoordinator coordinator = manager.nearCoordinator();
    // a store-by-reference cache shares one decoded value between hits: its user said values are
    // not changed behind the cache's back, so no copy is decoded per hit
    NearCache near = new NearCache(name, settings, store, coordinator, codec::decode, !config.isStoreByValue(),
        n -> new NearCacheMetrics(manager.metrics(), manager.metricsPrefix(), name, n::size, n::bytes, () -> coordinator.state().name()));
    store.observe(near);
    return near;
  }

  /**
   * A private copy of the configuration. Entries always travel to Redis as bytes; with
   * store-by-reference ({@code setStoreByValue(false)}) the near cache shares decoded values
   * between hits instead of decoding a copy per hit (see docs/configuration.md).
   */
  private static <K, V> StrataConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      // keeps a StrataConfiguration's near-cache settings
      return new StrataConfiguration<>(complete);
    }
    StrataConfiguration<K, V> copy = new StrataConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }
}
