package dev.strata.jcache.manager;

import javax.cache.spi.CachingProvider;

/** What a manager needs from the provider that made it: a reference, and a way to leave its registry. */
public interface StrataCachingProviderHandle {

  /** The provider itself. */
  CachingProvider provider();

  /** Removes a closed manager from the provider's registry. */
  void release(StrataCacheManager manager);
}
