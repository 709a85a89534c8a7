package dev.strata.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.management.CacheStatisticsBean;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded cache written by two JVMs at once: the bound holds at every moment a sampler looks,
 * and every eviction is counted exactly once, by the JVM whose write caused it.
 */
@ExtendWith(RedisExtension.class)
class BoundedCacheTwoJvmTest {

  private static final int MAX_ENTRIES = 2000; // 2 segments of 1,000
  private static final int THREADS = 4;
  private static final int KEYS_PER_THREAD = 5000;

  @Test
  void boundHoldsUnderWritersInTwoJvmsAndEveryEvictionIsCountedOnce(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, ns, new Properties());
        ForkedJvm other = new ForkedJvm(redis.uri(), ns, "bounded2", "bounded", "" + MAX_ENTRIES, "" + THREADS,
            "" + KEYS_PER_THREAD)) {
      Cache<String, Long> cache = manager.createCache("bounded2", RemoteWorker.boundedConfig(MAX_ENTRIES));
      int segments = cache.unwrap(StrataCache.class).store().layout().segments().size();
      assertEquals(2, segments);
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong maxSeen = new AtomicLong();
      AtomicLong samples = new AtomicLong();
      Thread sampler = new Thread(() -> {
        while (writing.get()) {
          for (int i = 0; i < segments; i++) {
            maxSeen.accumulateAndGet(entries(redis, ns, i), Math::max);
          }
          samples.incrementAndGet();
        }
      });
      other.awaitReady();
      sampler.start();
      other.go();
      List<String> mine = RemoteWorker.bounded(cache, THREADS, KEYS_PER_THREAD, "local");
      List<String> theirs = other.results();
      writing.set(false);
      sampler.join();
      long held = 0;
      for (int i = 0; i < segments; i++) {
        held += entries(redis, ns, i);
      }
      long evictedHere = new CacheStatisticsBean(cache.unwrap(StrataCache.class).statistics()).getCacheEvictions();
      long evictedThere = Long.parseLong(theirs.get(0).substring("EVICTIONS ".length()));
      assertEquals("FAILURES 0", mine.get(1));
      assertEquals("FAILURES 0", theirs.get(1));
      assertTrue(samples.get() > 10, "the sampler looked " + samples.get() + " times");
      assertTrue(maxSeen.get() <= MAX_ENTRIES / segments,
          "a segment held " + maxSeen.get() + " entries, its share is " + MAX_ENTRIES / segments);
      assertTrue(held <= MAX_ENTRIES && held >= MAX_ENTRIES - 2, "held " + held);
      long created = 2L * THREADS * KEYS_PER_THREAD;
      assertEquals(created - held, evictedHere + evictedThere,
          "evictions counted here " + evictedHere + " and there " + evictedThere);
      assertTrue(evictedHere > 0 && evictedThere > 0);
      System.out.printf("bounded two JVMs: %d creations, bound %d, held %d, largest segment seen %d (share %d) in %d"
          + " samples, evictions %d here + %d there%n", created, MAX_ENTRIES, held, maxSeen.get(),
          MAX_ENTRIES / segments, samples.get(), evictedHere, evictedThere);
    }
  }

  private static long entries(RedisNode redis, String ns, int segment) {
    return Faults.entriesIn(redis, ns, "bounded2", segment);
  }
}
