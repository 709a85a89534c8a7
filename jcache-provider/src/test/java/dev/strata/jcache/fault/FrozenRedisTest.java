package dev.strata.jcache.fault;

import static dev.strata.jcache.support.Faults.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.ChangeRecorder;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Faults.Outcome;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault: Redis freezes (SIGSTOP) while calls are in flight, for longer than one attempt's timeout
 * but shorter than the call's deadline, so the client times out and sends the write again while the
 * first attempt still sits in the server's socket buffer.
 *
 * <p>Proves: (1) every write caught by the freeze is applied exactly once (the state seen by another
 * manager, and exactly one listener event in a third party), and the call returns the answer of that
 * one application or throws a CacheException, never a wrong answer (a re-sent putIfAbsent answering
 * false, a re-sent getAndPut returning its own value...); no call blocks past its deadline. (2) With
 * Redis frozen for longer than the deadline, get and put fail with a short CacheException within
 * the deadline that names the operation and the cache and does not leak the password.
 *
 * <p>Settings: {@code strata.redis.timeout-ms=1000} (one attempt), {@code strata.redis.deadline-ms=4000}
 * (the whole call, retries included), circuit breaker off (it would stop the re-sends this test is about).
 */
@ExtendWith(RedisExtension.class)
class FrozenRedisTest {

  private static final int TIMEOUT_MS = 1_000;
  private static final int DEADLINE_MS = 4_000;
  /** Longer than one attempt's timeout, shorter than the deadline. */
  private static final int SHORT_PAUSE_MS = 1_600;
  /** Longer than the deadline. */
  private static final int LONG_PAUSE_MS = 10_000;
  /** Scheduling slack on top of the deadline. */
  private static final int SLACK_MS = 1_500;

  /** Events seen by the listener, by key: "CREATED", "UPDATED", "REMOVED". */
  static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();

  @AfterEach
  void forgetEvents() {
    EVENTS.clear();
  }

  /**
   * Without the circuit breaker: this test is about re-sends after a timeout, which an open circuit
   * stops (CircuitBreakerFaultTest covers the breaker under the same freeze).
   */
  private static Properties writerProperties() {
    return properties("strata.redis.timeout-ms", Integer.toString(TIMEOUT_MS),
        "strata.redis.deadline-ms", Integer.toString(DEADLINE_MS), "strata.circuit-breaker.failure-threshold", "0");
  }

  private static MutableConfiguration<String, Integer> ints() {
    return new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);
  }

  /** One write caught by the freeze: the call, its correct answer, the state after it and its one event. */
  private record Op(String key, Callable<Object> call, Object answer, Integer after, String event) {
  }

  @Test
  void writesCaughtByAFreezeAreAppliedOnceAndAnsweredCorrectly(@PrivateRedis RedisNode redis) {
    String ns = Managers.freshNamespace();
    try (CacheManager writerSide = Managers.open(redis, ns, writerProperties());
        CacheManager observerSide = Managers.open(redis, ns, new Properties())) {
      Cache<String, Integer> writer = writerSide.createCache("frozen", ints());
      Cache<String, Integer> observer = observerSide.createCache("frozen", ints());
      observer.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(CountingListener.class), null, false, false));

      // the state before the freeze; wait for its four events so that they are not counted below
      writer.put("remove", 1);
      writer.put("getAndRemove", 7);
      writer.put("replace", 3);
      writer.put("getAndPut", 1);
      awaitEvents(List.of("remove", "getAndRemove", "replace", "getAndPut"), 5_000);
      Faults.sleep(200);
      EVENTS.clear();

      List<Op> ops = List.of(
          new Op("putIfAbsent", () -> writer.putIfAbsent("putIfAbsent", 1), true, 1, "CREATED"),
          new Op("remove", () -> writer.remove("remove"), true, null, "REMOVED"),
          new Op("getAndRemove", () -> writer.getAndRemove("getAndRemove"), 7, null, "REMOVED"),
          new Op("replace", () -> writer.replace("replace", 3, 4), true, 4, "UPDATED"),
          new Op("getAndPut", () -> writer.getAndPut("getAndPut", 2), 1, 2, "UPDATED"),
          new Op("put", () -> {
            writer.put("put", 9);
            return null;
          }, null, 9, "CREATED"));

      // freeze first, then start the calls: every first attempt is sent to a frozen server
      List<CompletableFuture<Outcome<Object>>> calls = new ArrayList<>();
      long pausedAt = System.nanoTime();
      redis.pause();
      try {
        for (Op op : ops) {
          calls.add(Faults.start(op.key(), op.call()));
        }
        Faults.sleep(SHORT_PAUSE_MS - Faults.millisSince(pausedAt));
      } finally {
        redis.resume();
      }

      List<Outcome<Object>> outcomes = new ArrayList<>();
      for (CompletableFuture<Outcome<Object>> call : calls) {
        outcomes.add(Faults.await(call, DEADLINE_MS + SLACK_MS + 10_000));
      }
      awaitEvents(ops.stream().map(Op::key).toList(), 2_000);
      Faults.sleep(500); // a duplicate application would show up as a second event by now

      List<String> problems = new ArrayList<>();
      int correct = 0;
      int unknown = 0;
      int wrong = 0;
      int wrongState = 0;
      int wrongEvents = 0;
      long longestWaitMs = 0;
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        Outcome<Object> outcome = outcomes.get(i);
        longestWaitMs = Math.max(longestWaitMs, outcome.millis());
        if (!outcome.threw() && Objects.equals(op.answer(), outcome.value())) {
          correct++;
        } else if (outcome.error() instanceof CacheException) {
          unknown++;
        } else {
          wrong++;
          problems.add(op.key() + ": expected " + op.answer() + " or a CacheException but " + outcome);
        }
        if (outcome.millis() > DEADLINE_MS + SLACK_MS) {
          problems.add(op.key() + ": blocked past the deadline: " + outcome);
        }
        Integer state = observer.get(op.key());
        if (!Objects.equals(op.after(), state)) {
          wrongState++;
          problems.add(op.key() + ": expected " + op.after() + " in Redis after one application but read " + state);
        }
        List<String> events = EVENTS.getOrDefault(op.key(), List.of());
        if (!events.equals(List.of(op.event()))) {
          wrongEvents++;
          problems.add(op.key() + ": expected exactly one " + op.event() + " event but saw " + events);
        }
        System.out.printf("[fault] frozen: %s %s, events %s%n", op.key(), outcome, events);
      }
      System.out.printf("[fault] frozen: ops=%d correct=%d cacheException=%d wrong=%d wrongState=%d wrongEvents=%d "
          + "longestWaitMs=%d (timeout %d ms, deadline %d ms, paused %d ms)%n", ops.size(), correct, unknown, wrong,
          wrongState, wrongEvents, longestWaitMs, TIMEOUT_MS, DEADLINE_MS, SHORT_PAUSE_MS);
      assertEquals(0, wrong, "wrong answers: " + problems);
      assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
  }

  @Test
  void getAndPutFailWithinTheDeadlineWhenRedisStaysFrozen(@PrivateRedis RedisNode redis) {
    redis.command("CONFIG", "SET", "requirepass", "secretpw");
    // from here on redis.command() has no password; the test only pauses and resumes the process
    String uri = "redis://:secretpw@127.0.0.1:" + redis.port() + "?namespace=" + Managers.freshNamespace();
    try (CacheManager manager = Faults.open(uri, writerProperties())) {
      Cache<String, String> cache = manager.createCache("pausedCache",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));

      CompletableFuture<Outcome<String>> get;
      CompletableFuture<Outcome<Object>> put;
      long pausedAt = System.nanoTime();
      redis.pause();
      try {
        get = Faults.start("get", () -> cache.get("k"));
        put = Faults.start("put", () -> {
          cache.put("k2", "v2");
          return null;
        });
        // stay frozen for LONG_PAUSE_MS, or less once both calls gave up
        Faults.awaitAll(LONG_PAUSE_MS - Faults.millisSince(pausedAt), get, put);
      } finally {
        redis.resume();
      }
      Outcome<String> gotten = Faults.await(get, 20_000);
      Outcome<Object> putted = Faults.await(put, 20_000);
      System.out.printf("[fault] frozen-long: get %s; put %s%n", gotten, putted);
      checkFailure("get", gotten);
      checkFailure("put", putted);
    }
  }

  private static void checkFailure(String operation, Outcome<?> outcome) {
    assertTrue(outcome.error() instanceof CacheException,
        operation + " on a Redis frozen for " + LONG_PAUSE_MS + " ms must throw a CacheException within the deadline, "
            + "but " + outcome);
    assertTrue(outcome.millis() <= DEADLINE_MS + SLACK_MS,
        operation + " must fail within the deadline " + DEADLINE_MS + " ms + " + SLACK_MS + " ms but " + outcome);
    String message = String.valueOf(outcome.error().getMessage());
    assertTrue(message.length() < 300, "message of " + message.length() + " characters: " + message);
    assertTrue(Pattern.compile("\\b" + operation + "\\b", Pattern.CASE_INSENSITIVE).matcher(message).find(),
        "names the operation " + operation + ": " + message);
    assertTrue(message.contains("pausedCache"), "names the cache: " + message);
    assertTrue(!message.contains("secretpw"), "leaks the password: " + message);
  }

  /** Waits until every key has at least one event, up to {@code millis}; returns without failing. */
  private static void awaitEvents(List<String> keys, long millis) {
    long start = System.nanoTime();
    while (Faults.millisSince(start) < millis && !keys.stream().allMatch(EVENTS::containsKey)) {
      Faults.sleep(10);
    }
  }

  /** Records every created, updated and removed event by key. */
  public static final class CountingListener extends ChangeRecorder<String, Integer> {
    @Override
    protected void record(CacheEntryEvent<? extends String, ? extends Integer> e) {
      EVENTS.computeIfAbsent(e.getKey(), k -> new CopyOnWriteArrayList<>()).add(e.getEventType().name());
    }
  }
}
