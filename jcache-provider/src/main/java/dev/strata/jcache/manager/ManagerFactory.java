package dev.strata.jcache.manager;

import java.net.URI;
import java.util.Properties;

/** Creates managers for the provider, which lives in another package. */
public final class ManagerFactory {

  private ManagerFactory() {
  }

  /** Creates a manager; its settings are validated now, its connection opened with its first cache. */
  public static StrataCacheManager create(StrataCachingProviderHandle provider, URI uri, ClassLoader classLoader,
      Properties properties) {
    return new StrataCacheManager(provider, uri, classLoader, properties);
  }
}
