package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A cache's configuration cannot be changed through what getConfiguration returns; listeners change safely. */
@ExtendWith(RedisExtension.class)
class ConfigurationImmutabilityTest {

  /** Counts the events it receives. */
  public static final class Counting implements CacheEntryCreatedListener<String, String> {
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> CREATED.incrementAndGet());
    }
  }

  /** A configuration type Strata does not have. */
  interface Proprietary extends javax.cache.configuration.Configuration<String, String> {
  }

  /** A listener configuration unequal to every other one (its factory is compared by identity). */
  private static MutableCacheEntryListenerConfiguration<String, String> distinctListener() {
    return new MutableCacheEntryListenerConfiguration<>(new FactoryBuilder.SingletonFactory<>(new Counting()), null,
        false, true);
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener() {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(Counting.class), null, false, true);
  }

  private static int listeners(Cache<String, String> cache) {
    return ((Collection<?>) cache.getConfiguration(CompleteConfiguration.class).getCacheEntryListenerConfigurations())
        .size();
  }

  @Test
  void theSnapshotIsReadOnlyAndDoesNotFollowLaterChanges(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("snap", new MutableConfiguration<String, String>());
      @SuppressWarnings("unchecked")
      MutableConfiguration<String, String> before = cache.getConfiguration(MutableConfiguration.class);
      assertThrows(UnsupportedOperationException.class, () -> before.setStatisticsEnabled(true));
      assertThrows(UnsupportedOperationException.class, () -> before.addCacheEntryListenerConfiguration(listener()));
      assertFalse(cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());

      manager.enableStatistics("snap", true);
      cache.registerCacheEntryListener(listener());
      assertFalse(before.isStatisticsEnabled(), "a snapshot taken before does not change");
      assertEquals(0, ((Collection<?>) before.getCacheEntryListenerConfigurations()).size());
      assertTrue(cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
      assertEquals(1, listeners(cache));
      assertThrows(IllegalArgumentException.class, () -> cache.getConfiguration(Proprietary.class));
    }
  }

  @Test
  void aListenerConfigurationChangedAfterRegistrationDoesNotChangeDelivery(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("mutated", new MutableConfiguration<String, String>());
      MutableCacheEntryListenerConfiguration<String, String> config = listener();
      cache.registerCacheEntryListener(config);
      Counting.CREATED.set(0);
      config.setSynchronous(false);
      cache.put("k", "v");
      assertEquals(1, Counting.CREATED.get(), "still synchronous: delivered before put returned");
    }
  }

  @Test
  void concurrentRegistrationsAreSafeAndADuplicateIsRefusedExactlyOnce(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("concurrent", new MutableConfiguration<String, String>());
      int threads = 8;
      int perThread = 50;
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          work.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < perThread; i++) {
              CacheEntryListenerConfiguration<String, String> c = distinctListener();
              cache.registerCacheEntryListener(c);
              cache.deregisterCacheEntryListener(c);
            }
            return null;
          }));
        }
        Future<?> reader = pool.submit(() -> {
          start.await();
          for (int i = 0; i < 500; i++) {
            listeners(cache); // iterates while others register: must never throw
          }
          return null;
        });
        start.countDown();
        for (Future<?> f : work) {
          f.get(60, TimeUnit.SECONDS);
        }
        reader.get(60, TimeUnit.SECONDS);
        assertEquals(0, listeners(cache));

        CacheEntryListenerConfiguration<String, String> same = listener();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          racers.add(pool.submit(() -> {
            go.await();
            try {
              cache.registerCacheEntryListener(same);
              return true;
            } catch (IllegalArgumentException duplicate) {
              return false;
            }
          }));
        }
        go.countDown();
        int registered = 0;
        for (Future<Boolean> f : racers) {
          registered += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, registered, "the same configuration registers once");
        assertEquals(1, listeners(cache));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
