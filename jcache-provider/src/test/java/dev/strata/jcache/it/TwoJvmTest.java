package dev.strata.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guarantees that must hold across JVMs: this JVM and a forked one share one cache. */
@ExtendWith(RedisExtension.class)
class TwoJvmTest {

  private static final MutableConfiguration<String, Long> CONFIG =
      new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);

  @Test
  void invokeIncrementsFromTwoJvmsAreNeverLost(RedisNode redis) throws Exception {
    String namespace = Managers.freshNamespace();
    int threads = 4;
    int increments = 5_000;
    try (CacheManager manager = Managers.open(redis, namespace, new Properties());
        ForkedJvm other = new ForkedJvm(redis.uri(), namespace, "counters", "counter", "" + threads, "" + increments)) {
      Cache<String, Long> cache = manager.createCache("counters", CONFIG);
      other.awaitReady();
      other.go();
      List<String> mine = RemoteWorker.counter(cache, threads, increments);
      List<String> theirs = other.results();
      assertEquals(List.of("FAILURES 0"), mine);
      assertEquals(List.of("FAILURES 0"), theirs);
      assertEquals(2L * threads * increments, cache.get("counter"));
    }
  }

  @Test
  void putIfAbsentRacesHaveExactlyOneWinnerPerKey(RedisNode redis) throws Exception {
    String namespace = Managers.freshNamespace();
    int keys = 500;
    try (CacheManager manager = Managers.open(redis, namespace, new Properties());
        ForkedJvm other = new ForkedJvm(redis.uri(), namespace, "race", "race", "4", "" + keys)) {
      Cache<String, Long> cache = manager.createCache("race", CONFIG);
      other.awaitReady();
      other.go();
      List<String> wins = new ArrayList<>(RemoteWorker.race(cache, 4, keys, "local"));
      wins.addAll(other.results());
      Map<String, String> winnerByKey = new HashMap<>();
      for (String line : wins) {
        String[] parts = line.split(" ");
        String previous = winnerByKey.put(parts[1], parts[2]);
        assertEquals(null, previous, "two winners for " + parts[1]);
      }
      assertEquals(keys, winnerByKey.size());
      assertTrue(winnerByKey.containsValue("local") || winnerByKey.containsValue("worker"));
    }
  }

  @Test
  void listenersSeeWritesMadeByAnotherJvm(RedisNode redis) throws Exception {
    String namespace = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, namespace, new Properties());
        ForkedJvm other = new ForkedJvm(redis.uri(), namespace, "watched", "put", "100")) {
      Cache<String, Long> cache = manager.createCache("watched", CONFIG);
      CreatedCollector.SEEN.clear();
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(CreatedCollector.class), null, false, false));
      other.awaitReady();
      other.go();
      other.results();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (CreatedCollector.SEEN.size() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(100, CreatedCollector.SEEN.size());
      assertEquals(42L, CreatedCollector.SEEN.get("k42"));
    }
  }

  /** Records CREATED events by key. */
  public static final class CreatedCollector implements CacheEntryCreatedListener<String, Long> {
    static final Map<String, Long> SEEN = new ConcurrentHashMap<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Long>> events) {
      events.forEach(e -> SEEN.put(e.getKey(), e.getValue()));
    }
  }
}
