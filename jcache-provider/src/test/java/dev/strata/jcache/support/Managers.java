package dev.strata.jcache.support;

import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import javax.cache.CacheManager;

/** Creates cache managers on a test Redis, each in a namespace of its own unless one is given. */
public final class Managers {

  private Managers() {
  }

  /** A fresh namespace name. */
  public static String freshNamespace() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A manager in its own namespace on {@code redis}, from a provider of its own. */
  public static CacheManager open(RedisNode redis) {
    return open(redis, freshNamespace(), new Properties());
  }

  /** A manager in {@code namespace} on {@code redis}, from a provider of its own. */
  public static CacheManager open(RedisNode redis, String namespace, Properties properties) {
    URI uri = URI.create(redis.uri() + "?namespace=" + namespace);
    return new StrataCachingProvider().getCacheManager(uri, Managers.class.getClassLoader(), properties);
  }
}
