package dev.strata.jcache.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Fault: Redis freezes (SIGSTOP), or dies (SIGKILL) and is started again, while one thread keeps
 * calling. Proves that the circuit breaker makes a dead node cost a caller about one call's
 * deadline: after that, calls fail at once with a CacheException that says the circuit is open and
 * since when, the state shows in metrics and health, and calls succeed again soon after Redis
 * answers. Settings: attempt timeout 1 s, deadline 2 s, breaker defaults (2 attempts in a row,
 * PING every 500 ms).
 */
class CircuitBreakerFaultTest {

  private static final int TIMEOUT_MS = 1_000;
  private static final int DEADLINE_MS = 2_000;
  private static final int FAST_CALLS = 200;

  @Test
  void aFrozenRedisFailsCallsFastAndRecoversAfterSigcont() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone(); CacheManager manager = open(redis)) {
      Cache<String, String> cache = manager.createCache("breaker", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.put("k", "v");
      redis.pause();
      Figures figures;
      try {
        figures = failFast(cache, manager);
      } finally {
        redis.resume();
      }
      long recovered = awaitRecovery(cache);
      System.out.printf("[breaker] frozen (SIGSTOP): first failure after %d ms, then %d calls refused in %.3f ms each "
          + "(slowest %.3f ms); after SIGCONT calls succeed again after %d ms; message: %s%n", figures.firstFailureMs,
          FAST_CALLS, figures.meanFastMs, figures.slowestFastMs, recovered, figures.message);
      assertTrue(recovered < 3_000, "recovered after " + recovered + " ms");
      assertEquals("v", cache.get("k"));
      StrataCacheManager strata = manager.unwrap(StrataCacheManager.class);
      assertTrue(strata.runHealthChecks().get("strata.circuit-breaker").isHealthy(), "closed again");
      assertTrue(strata.metrics().counter("strata.redis.circuit-breaker.opened").getCount() >= 1);
      assertTrue(strata.metrics().counter("strata.redis.circuit-breaker.rejected").getCount() >= FAST_CALLS);
    }
  }

  @Test
  void aKilledRedisFailsCallsFastAndRecoversAfterARestart() throws Exception {
    try (RedisNode redis = RedisLauncher.startStandalone(); CacheManager manager = open(redis)) {
      Cache<String, String> cache = manager.createCache("breaker", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.put("k", "v");
      redis.kill();
      Figures figures;
      try {
        figures = failFast(cache, manager);
      } finally {
        redis.startAgain();
      }
      long recovered = awaitRecovery(cache);
      System.out.printf("[breaker] killed (SIGKILL): first failure after %d ms, then %d calls refused in %.3f ms each "
          + "(slowest %.3f ms); after the restart calls succeed again after %d ms%n", figures.firstFailureMs,
          FAST_CALLS, figures.meanFastMs, figures.slowestFastMs, recovered);
      assertTrue(recovered < 5_000, "recovered after " + recovered + " ms");
    }
  }

  private record Figures(long firstFailureMs, double meanFastMs, double slowestFastMs, String message) {
  }

  /** Calls until the circuit opens, then measures refused calls; asserts what the breaker promises. */
  private static Figures failFast(Cache<String, String> cache, CacheManager manager) {
    long start = System.nanoTime();
    long firstFailure = -1;
    String message = null;
    // the first calls wait for their attempts; once two attempts in a row failed, calls are refused
    while (Faults.millisSince(start) < 4L * DEADLINE_MS) {
      try {
        cache.put("k", "w");
      } catch (CacheException e) {
        if (firstFailure < 0) {
          firstFailure = Faults.millisSince(start);
        }
        if (String.valueOf(e.getMessage()).contains("refused at once")) {
          message = e.getMessage();
          break;
        }
      }
    }
    assertTrue(message != null, "the circuit opened within " + 4 * DEADLINE_MS + " ms");
    assertTrue(firstFailure <= DEADLINE_MS + 1_500, "first failure after " + firstFailure + " ms");
    assertTrue(message.contains("refused at once") && message.contains("open since"), message);
    assertFalse(manager.unwrap(StrataCacheManager.class).runHealthChecks().get("strata.circuit-breaker").isHealthy());
    long slowest = 0;
    long total = 0;
    for (int i = 0; i < FAST_CALLS; i++) {
      long t = System.nanoTime();
      try {
        if (i % 2 == 0) {
          cache.get("k");
        } else {
          cache.put("k", "x" + i);
        }
        throw new AssertionError("a call succeeded while Redis was down");
      } catch (CacheException e) {
        long took = System.nanoTime() - t;
        total += took;
        slowest = Math.max(slowest, took);
      }
    }
    double mean = total / 1e6 / FAST_CALLS;
    assertTrue(mean < 1.0, "calls while open took " + mean + " ms on average");
    return new Figures(firstFailure, mean, slowest / 1e6, message);
  }

  /** Milliseconds until a put succeeds again (polling every 20 ms). */
  private static long awaitRecovery(Cache<String, String> cache) throws InterruptedException {
    long since = System.nanoTime();
    while (true) {
      try {
        cache.put("k", "v");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
      } catch (CacheException e) {
        if (Faults.millisSince(since) > 15_000) {
          throw new AssertionError("no recovery within 15 s", e);
        }
        Thread.sleep(20);
      }
    }
  }

  private static CacheManager open(RedisNode redis) {
    Properties p = new Properties();
    p.setProperty("strata.redis.timeout-ms", "" + TIMEOUT_MS);
    p.setProperty("strata.redis.deadline-ms", "" + DEADLINE_MS);
    return Managers.open(redis, Managers.freshNamespace(), p);
  }
}
