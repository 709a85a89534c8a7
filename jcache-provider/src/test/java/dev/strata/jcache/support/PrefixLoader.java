package dev.strata.jcache.support;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;

/** A "database" for read-through tests that knows every key as {@code "db-" + key} and counts its loads. */
public final class PrefixLoader implements CacheLoader<String, String> {

  /** Keys loaded by every instance, one by one. */
  public static final AtomicInteger LOADS = new AtomicInteger();

  @Override
  public String load(String key) {
    LOADS.incrementAndGet();
    return "db-" + key;
  }

  @Override
  public Map<String, String> loadAll(Iterable<? extends String> keys) {
    Map<String, String> out = new HashMap<>();
    keys.forEach(k -> out.put(k, load(k)));
    return out;
  }
}
