package dev.strata.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.support.Clusters;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisCluster;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A master of a Redis Cluster is killed (SIGKILL) while two JVMs run a random mixed workload with
 * near caches. Operations must resume once the replica took over, both near caches must go through
 * bypass and reconciliation, and after recovery neither JVM may serve a value that differs from
 * what the cluster holds. Repeated a few times to report the unavailability window.
 *
 * <p>The workload has two portions, each thread of each JVM alternating at random between them:
 * <ul>
 *   <li>shared keys {@code m0..}, written by both JVMs so that each near cache must follow the
 *       other JVM's writes. No model can predict answers there, so this portion is checked by its
 *       final state only: every near entry and every {@code get} equals what the cluster holds;
 *   <li>own keys, {@code own-a<t>:k0..} here and {@code own-b<t>:k0..} in the other JVM, which
 *       thread t alone writes. Every answer on them is checked, while the master dies too, against
 *       the thread's exact model ({@link KeyModel}): a call may throw a {@link CacheException}
 *       (for a write, one that may say "outcome unknown"), it may never answer wrong. Writes the
 *       killed master acknowledged in its last second may be lost with it (asynchronous
 *       replication, see {@link KeyModel}); the model allows exactly that and nothing more.
 * </ul>
 */
class ClusterFailoverTest {

  private static final int RUNS = 3;
  private static final int SEGMENTS = 16;
  private static final int KEYS = 200;
  private static final long WORKLOAD_MILLIS = 8_000;
  private static final long KILL_AFTER_MILLIS = 2_000;
  private static final long QUIESCE_MILLIS = 2L * NearCacheWorker.CHECK_MILLIS + 600;

  /** Prefixes of the keys the threads of this JVM and of the other JVM own. */
  private static final String OWNER = "own-a";
  private static final String OTHER_OWNER = "own-b";

  private static RedisCluster cluster;
  /** The model's counts over all runs, per JVM. */
  private KeyModel.Tally modelHere = KeyModel.Tally.NONE;
  private KeyModel.Tally modelThere = KeyModel.Tally.NONE;

  @BeforeAll
  static void startCluster() {
    cluster = RedisLauncher.startCluster(3, 1);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void afterAMasterIsKilledNoJvmServesWhatTheClusterDoesNotHold() throws Exception {
    List<Long> windows = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      windows.add(oneRun(run));
    }
    Collections.sort(windows);
    System.out.printf("cluster failover: writes to the killed master's slots resumed after p50 %d ms, max %d ms "
        + "(runs: %s)%n", windows.get(windows.size() / 2), windows.get(windows.size() - 1), windows);
    System.out.printf("[failover] %d kills, own keys checked against the model: this JVM %s; other JVM %s; "
        + "unavailability window p50 %d ms, max %d ms%n", RUNS, modelHere.summary(), modelThere.summary(),
        windows.get(windows.size() / 2), windows.get(windows.size() - 1));
  }

  /** One kill under load; returns the unavailability window in milliseconds. */
  private long oneRun(int run) throws Exception {
    String ns = Managers.freshNamespace();
    URI uri = URI.create(cluster.uri() + "?namespace=" + ns);
    try (CacheManager manager = new StrataCachingProvider().getCacheManager(uri,
            ClusterFailoverTest.class.getClassLoader(), NearCaches.properties(NearCacheWorker.CHECK_MILLIS, SEGMENTS));
        ForkedJvm other = new ForkedJvm(NearCacheWorker.class,
            List.of("-D" + NearCacheWorker.SEGMENTS_PROPERTY + "=" + SEGMENTS), cluster.uri(), ns, "mixed",
            "mixed-checked", "" + WORKLOAD_MILLIS, "" + KEYS, "" + (100 + run), OTHER_OWNER)) {
      Cache<String, String> cache = manager.createCache("mixed", NearCaches.config());
      NearCache near = NearCaches.near(cache);
      RedisNode victim = Clusters.masterHolding(cluster, cache, "probe");
      long reconciliationsBefore = near.coordinator().reconciliations();
      other.awaitReady();
      other.go();

      WriteProbe probe = new WriteProbe(cache, "probe");
      Thread probeThread = new Thread(probe, "failover-probe");
      probeThread.start();
      RedisNode replica = cluster.replicaOf(victim);
      ExecutorService watchers = Executors.newCachedThreadPool();
      CompletableFuture<Long> killedAt = CompletableFuture.supplyAsync(() -> {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(KILL_AFTER_MILLIS));
        long wallClock = System.currentTimeMillis();
        victim.kill();
        long at = System.nanoTime(); // the process is gone: nothing can succeed on it from here on
        // replication is asynchronous: the replica may lack the victim's last acknowledged writes
        KeyModel.masterLost(wallClock);
        try {
          other.send(NearCacheWorker.KILLED + wallClock);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return at;
      }, watchers);
      CompletableFuture<Long> electedAt = killedAt.thenApplyAsync(at -> {
        cluster.awaitMaster(replica);
        return System.nanoTime();
      }, watchers);
      CompletableFuture<long[]> nearStates = killedAt.thenApplyAsync(at -> {
        long bypassed = awaitState(near, false, at);
        return new long[] {bypassed, awaitState(near, true, bypassed)};
      }, watchers);
      NearCacheWorker.MixedRun mine = NearCacheWorker.mixed(cache, WORKLOAD_MILLIS, KEYS, 200 + run, OWNER);
      List<String> theirs = other.results();
      KeyModel.Tally theirModel = modelOf(theirs);
      long[] killed = {killedAt.join(), electedAt.join(), nearStates.join()[0], nearStates.join()[1]};
      watchers.shutdown();
      probe.stop();
      probeThread.join();

      long window = probe.firstSuccessAfter(killed[0]);
      NearCaches.await("this JVM's near caches to serve again", 15_000, () -> near.coordinator().serving());
      Thread.sleep(QUIESCE_MILLIS);
      String nearHere = NearCacheWorker.mismatches(cache);
      String getsHere = NearCacheWorker.getMismatches(cache, KEYS);
      other.send("CHECK");
      List<String> checkThere = other.results();
      System.out.printf("cluster failover run %d: killed master %d, replica elected after %d ms, writes to its "
          + "slots resumed after %d ms, near cache bypassed after %d ms and serving again after %d ms; this JVM "
          + "%d ops on shared keys (%d failed), other JVM %s; reconciliations here %d; this JVM %s, %s; other JVM "
          + "%s%n", run + 1, victim.port(), millis(killed[1] - killed[0]), window, millis(killed[2] - killed[0]),
          millis(killed[3] - killed[0]),
          mine.ops(), mine.failed(), theirs.get(0), near.coordinator().reconciliations() - reconciliationsBefore,
          nearHere, getsHere, checkThere);
      System.out.printf("[failover] run %d: own keys checked against the model: this JVM %s; other JVM %s%n", run + 1,
          mine.model().summary(), theirModel.summary());
      modelHere = modelHere.plus(mine.model());
      modelThere = modelThere.plus(theirModel);

      assertEquals(0, mine.model().wrong(), "wrong answers in this JVM: " + mine.model().wrongAnswers());
      assertEquals(0, theirModel.wrong(), "wrong answers in the other JVM: " + theirModel.wrongAnswers());
      assertTrue(mine.model().calls() > 0 && theirModel.calls() > 0, "both JVMs checked calls on own keys");

      assertTrue(near.coordinator().reconciliations() > reconciliationsBefore,
          "the near cache went through bypass and reconciliation");
      assertTrue(nearHere.startsWith("MISMATCHES 0 OF "), nearHere);
      assertEquals("GET-MISMATCHES 0 OF " + KEYS, getsHere);
      assertEquals(2, checkThere.size(), "the other JVM compared: " + checkThere);
      assertTrue(checkThere.get(0).startsWith("MISMATCHES 0 OF "), checkThere.get(0));
      assertEquals("GET-MISMATCHES 0 OF " + KEYS, checkThere.get(1));
      assertTrue(mine.ops() - mine.failed() > 0 && theirs.get(0).startsWith("OPS "), "both JVMs ran operations");
      cluster.rejoin(victim);
      return window;
    }
  }

  /** The model's counts the other JVM reported after its OPS line, with the wrong answers it described. */
  private static KeyModel.Tally modelOf(List<String> results) {
    assertTrue(results.size() >= 2 && results.get(0).startsWith("OPS "), "the other JVM reported its model: "
        + results);
    return KeyModel.Tally.parse(results.get(1), results.subList(2, results.size()));
  }

  /** Waits (polling every 0.2 ms, up to 20 s) until the near cache serves or not; returns when. */
  private static long awaitState(NearCache near, boolean serving, long since) {
    long deadline = since + TimeUnit.SECONDS.toNanos(20);
    while (near.coordinator().serving() != serving) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the near cache did not " + (serving ? "serve again" : "bypass") + " in 20 s");
      }
      LockSupport.parkNanos(200_000);
    }
    return System.nanoTime();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** Writes one key in a loop and records when each write started and whether and when it succeeded. */
  private static final class WriteProbe implements Runnable {
    private final Cache<String, String> cache;
    private final String key;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<long[]> successes = Collections.synchronizedList(new ArrayList<>());

    WriteProbe(Cache<String, String> cache, String key) {
      this.cache = cache;
      this.key = key;
    }

    @Override
    public void run() {
      for (long i = 0; running.get(); i++) {
        long start = System.nanoTime();
        try {
          cache.put(key, Long.toString(i));
          successes.add(new long[] {start, System.nanoTime()});
        } catch (CacheException e) {
          // unavailable: the window is measured from the successes around it
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }

    void stop() {
      running.set(false);
    }

    /** Milliseconds from {@code since} to the end of the first successful write that started after it. */
    long firstSuccessAfter(long since) {
      synchronized (successes) {
        return successes.stream().filter(s -> s[0] >= since).mapToLong(s -> millis(s[1] - since)).min()
            .orElseThrow(() -> new AssertionError("no write succeeded after the kill"));
      }
    }
  }
}
