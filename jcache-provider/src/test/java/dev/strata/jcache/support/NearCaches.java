package dev.strata.jcache.support;

import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.store.ChannelMessage;
import dev.strata.jcache.store.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;

/** Helpers for near-cache tests. */
public final class NearCaches {

  private NearCaches() {
  }

  /** A String-to-String configuration with a near cache. */
  public static StrataConfiguration<String, String> config(NearCacheSettings settings) {
    StrataConfiguration<String, String> config = new StrataConfiguration<String, String>().setNearCache(settings);
    config.setTypes(String.class, String.class);
    return config;
  }

  /**
   * A String-to-String configuration whose near cache drops the writer's own entries
   * (on-update = invalidate): the protocol tests exercise fills, which own writes would bypass.
   */
  public static StrataConfiguration<String, String> config() {
    return config(NearCacheSettings.builder().onUpdate(NearCacheSettings.OnUpdate.INVALIDATE).build());
  }

  /** A String-to-String configuration with the default near cache (the writer keeps what it wrote). */
  public static StrataConfiguration<String, String> defaults() {
    return config(NearCacheSettings.builder().build());
  }

  /** Manager properties: the periodic check interval and the segment count. */
  public static Properties properties(int checkIntervalMillis, int segments) {
    Properties p = new Properties();
    p.setProperty("strata.near-cache.check-interval-ms", Integer.toString(checkIntervalMillis));
    p.setProperty("strata.segments", Integer.toString(segments));
    return p;
  }

  /** The near cache behind a cache. */
  public static NearCache near(Cache<?, ?> cache) {
    return cache.unwrap(StrataCache.class).nearCache();
  }

  /** Whether a channel message names a key whose text contains {@code keyText}. */
  public static boolean names(ChannelMessage message, String keyText) {
    for (RawEvent e : message.events()) {
      if (new String(e.key(), StandardCharsets.UTF_8).contains(keyText)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads {@code key} until a read is served from the near cache (the first fills of a brand-new
   * segment may be voided by the message that announces the segment's epoch), checking the value.
   */
  public static void warm(Cache<String, String> cache, String key, String expected) {
    await("a near hit on " + key, 5_000, () -> {
      long hits = near(cache).metrics().hits();
      String value = cache.get(key);
      if (!expected.equals(value)) {
        fail("expected " + expected + " for " + key + " but read " + value);
      }
      return near(cache).metrics().hits() > hits;
    });
  }

  /** Waits until {@code condition} holds; fails with {@code what} after {@code timeoutMillis}. */
  public static long await(String what, long timeoutMillis, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeoutMillis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
