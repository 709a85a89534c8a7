package dev.strata.jcache.spi;

import dev.strata.jcache.configuration.ManagerSettings;
import dev.strata.jcache.manager.ManagerFactory;
import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.manager.StrataCachingProviderHandle;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The Strata JCache provider, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. It keeps one manager per class loader
 * and URI. The default URI is the {@code strata.uri} system property (which may name a Strata file);
 * else {@code classpath:strata.yaml} when the class loader has a {@code strata.yaml} at its root;
 * else {@code redis://127.0.0.1:6379}.
 *
 * <p>A URI naming a file ({@code classpath:}, {@code file:}, {@code jar:} and Spring Boot's
 * {@code jar:nested:}, as Spring Boot's {@code spring.cache.jcache.config} and Hibernate's
 * {@code hibernate.javax.cache.uri} hand them over) is read when the manager is first asked for;
 * a bad file fails {@code getCacheManager} with a {@link javax.cache.CacheException} naming the
 * file, the setting and the value. The manager keeps the URI it was asked for.
 */
public final class StrataCachingProvider implements CachingProvider {

  private final Map<ClassLoader, Map<URI, StrataCacheManager>> managers = new WeakHashMap<>();
  private final StrataCachingProviderHandle handle = new StrataCachingProviderHandle() {
    @Override
    public CachingProvider provider() {
      return StrataCachingProvider.this;
    }

    @Override
    public void release(StrataCacheManager manager) {
      synchronized (managers) {
        Map<URI, StrataCacheManager> byUri = managers.get(manager.getClassLoader());
        if (byUri != null && byUri.get(manager.getURI()) == manager) {
          byUri.remove(manager.getURI());
          if (byUri.isEmpty()) {
            managers.remove(manager.getClassLoader());
          }
        }
      }
    }
  };

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    // the default URI may name a strata.yaml at the root of the caller's class loader
    URI managerUri = uri == null ? ManagerSettings.defaultUri(loader) : uri;
    Properties props = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      StrataCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = ManagerFactory.create(handle, managerUri, loader, props);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return ManagerSettings.defaultUri(getDefaultClassLoader());
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<StrataCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      managers.values().forEach(m -> all.addAll(m.values()));
      managers.clear();
    }
    all.forEach(StrataCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<StrataCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.remove(loader);
      if (byUri != null) {
        all.addAll(byUri.values());
      }
    }
    all.forEach(StrataCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    URI managerUri = uri == null ? ManagerSettings.defaultUri(loader) : uri;
    StrataCacheManager manager;
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.remove(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    // entries always cross the network as bytes, so references cannot be stored
    return false;
  }
}
