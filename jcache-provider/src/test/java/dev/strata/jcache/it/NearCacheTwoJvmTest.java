package dev.strata.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.near.FaultInjection;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The near cache's promise between two JVMs: this one and a forked {@link NearCacheWorker}. */
@ExtendWith(RedisExtension.class)
class NearCacheTwoJvmTest {

  /** After a quiet period this long, every near entry must equal Redis even with lost messages. */
  private static final long QUIESCE_MILLIS = 2L * NearCacheWorker.CHECK_MILLIS + 600;

  @AfterEach
  void removeHooks() {
    FaultInjection.reset();
  }

  @Test
  void readerInAnotherJvmNeverGoesBackwardsAndConverges(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    int writes = 2_000;
    try (CacheManager manager = Managers.open(redis, ns, NearCaches.properties(NearCacheWorker.CHECK_MILLIS, 4));
        ForkedJvm writer = new ForkedJvm(NearCacheWorker.class, redis.uri(), ns, "hot", "count-up", "" + writes)) {
      Cache<String, String> cache = manager.createCache("hot", NearCaches.config());
      writer.awaitReady();
      writer.go();
      List<Long> visibilityMicros = new ArrayList<>();
      long last = 0;
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (last < writes && System.nanoTime() < deadline) {
        String value = cache.get("hot");
        if (value == null) {
          continue;
        }
        long seen = NearCacheWorker.nowMicros();
        String[] parts = value.split(":");
        long i = Long.parseLong(parts[0]);
        assertTrue(i >= last, "went backwards from " + last + " to " + i);
        if (i > last) {
          visibilityMicros.add(seen - Long.parseLong(parts[1]));
          last = i;
        }
      }
      assertEquals(List.of("LAST " + writes), writer.results());
      assertEquals(writes, last, "converged on the last write");
      Collections.sort(visibilityMicros);
      long p50 = visibilityMicros.get(visibilityMicros.size() / 2);
      long p99 = visibilityMicros.get((int) (visibilityMicros.size() * 0.99));
      long max = visibilityMicros.get(visibilityMicros.size() - 1);
      System.out.printf("near cache: another JVM saw %d of %d writes; write-start-to-visible p50 %d us, "
          + "p99 %d us, max %d us; hits %d, misses %d%n", visibilityMicros.size(), writes, p50, p99, max,
          NearCaches.near(cache).metrics().hits(), NearCaches.near(cache).metrics().misses());
      assertTrue(NearCaches.near(cache).metrics().hits() > 0, "the reader was served from memory");
    }
  }

  @Test
  void afterARandomMixedWorkloadEveryNearEntryEqualsRedis(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    long millis = 5_000;
    int keys = 200;
    try (CacheManager manager = Managers.open(redis, ns, NearCaches.properties(NearCacheWorker.CHECK_MILLIS, 4));
        ForkedJvm other = new ForkedJvm(NearCacheWorker.class, redis.uri(), ns, "mixed", "mixed", "" + millis,
            "" + keys, "7")) {
      // default settings in both JVMs: each keeps its own writes (on-update = cache), so a write
      // from the other JVM whose invalidation overtakes our reply must still win
      Cache<String, String> cache = manager.createCache("mixed", NearCaches.defaults());
      // this JVM also loses 0.2% of the messages it receives, at random (each loss voids the near
      // entries of a segment read before it, so a higher rate leaves little to compare)
      Random loss = new Random(11);
      AtomicLong dropped = new AtomicLong();
      FaultInjection.dropMessages(m -> {
        synchronized (loss) {
          if (m.isMarker() || loss.nextInt(500) != 0) {
            return false;
          }
        }
        dropped.incrementAndGet();
        return true;
      });
      other.awaitReady();
      other.go();
      NearCacheWorker.MixedRun run = NearCacheWorker.mixed(cache, millis, keys, 3);
      assertEquals(0, run.failed(), "no operation failed");
      List<String> otherOps = other.results();
      assertEquals(1, otherOps.size(), "the other JVM finished its operations: " + otherOps);
      assertTrue(otherOps.get(0).endsWith(" FAILED 0"), otherOps.get(0));
      FaultInjection.reset();
      Thread.sleep(QUIESCE_MILLIS);
      String mine = NearCacheWorker.mismatches(cache);
      other.send("CHECK");
      List<String> theirs = other.results();
      System.out.printf("near cache: mixed workload, 2 JVMs x 2 threads for %d ms on %d keys (%d ops here, %s "
          + "there), %d messages dropped here; this JVM %s, other JVM %s; near hits here %d, gaps detected %d%n",
          millis, keys, run.ops(), otherOps.get(0), dropped.get(), mine, theirs, NearCaches.near(cache).metrics().hits(), NearCaches.near(cache).metrics().gapsDetected());
      assertTrue(mine.startsWith("MISMATCHES 0 OF "), mine);
      assertEquals(2, theirs.size());
      assertTrue(theirs.get(0).startsWith("MISMATCHES 0 OF "), theirs.get(0));
      assertEquals("GET-MISMATCHES 0 OF " + keys, theirs.get(1));
      assertEquals("GET-MISMATCHES 0 OF " + keys, NearCacheWorker.getMismatches(cache, keys));
      int compared = Integer.parseInt(mine.substring(mine.lastIndexOf(' ') + 1))
          + Integer.parseInt(theirs.get(0).substring(theirs.get(0).lastIndexOf(' ') + 1));
      assertTrue(compared > 0, "some near entries survived the workload to be compared");
      assertTrue(dropped.get() > 0, "the loss injection dropped messages");
      assertEquals(NearCacheSettings.OnUpdate.CACHE, NearCacheSettings.builder().build().onUpdate(),
          "the workload ran with the default: own writes kept");
    }
  }
}
