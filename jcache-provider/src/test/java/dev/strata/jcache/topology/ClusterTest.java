package dev.strata.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.store.KeyLayout;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.ReplicaAcknowledgementException;
import dev.strata.jcache.store.Script;
import dev.strata.jcache.store.ScriptExecutor;
import dev.strata.jcache.store.SegmentKeys;
import dev.strata.jcache.support.Clusters;
import dev.strata.jcache.support.Managers;
import dev.strata.jcache.support.NearCaches;
import dev.strata.redis.launcher.RedisCluster;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Strata on a real Redis Cluster of 3 masters with 1 replica each. */
class ClusterTest {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisLauncher.startCluster(3, 1);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static CacheManager open(String namespace) {
    return open(namespace, new Properties());
  }

  private static CacheManager open(String namespace, Properties properties) {
    return new StrataCachingProvider().getCacheManager(URI.create(cluster.uri() + "?namespace=" + namespace),
        ClusterTest.class.getClassLoader(), properties);
  }

  private static MutableConfiguration<String, String> config() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Test
  void aBoundedCacheHoldsItsBoundAcrossMasters() {
    try (CacheManager manager = open(Managers.freshNamespace())) {
      dev.strata.jcache.configuration.StrataConfiguration<String, String> bounded =
          new dev.strata.jcache.configuration.StrataConfiguration<String, String>().setMaxEntries(8000L)
              .setEvictionPolicy(dev.strata.jcache.configuration.EvictionPolicy.LRU);
      bounded.setTypes(String.class, String.class);
      bounded.setStatisticsEnabled(true);
      Cache<String, String> cache = manager.createCache("boundedOnCluster", bounded);
      // 8 segments of 1,000 (the cluster default of 64 would leave too few entries per segment)
      assertEquals(8, cache.unwrap(dev.strata.jcache.cache.StrataCache.class).store().layout().segments().size());
      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < 20_000; i++) {
        if (i % 2 == 0) {
          cache.put("k" + i, "v");
        } else {
          batch.put("k" + i, "v");
          if (batch.size() == 200) {
            cache.putAll(batch);
            batch.clear();
          }
        }
      }
      int held = 0;
      for (Cache.Entry<String, String> ignored : cache) {
        held++;
      }
      assertTrue(held <= 8000 && held >= 7800, "held " + held);
      long evictions = new dev.strata.jcache.management.CacheStatisticsBean(
          cache.unwrap(dev.strata.jcache.cache.StrataCache.class).statistics()).getCacheEvictions();
      assertEquals(20_000 - held, evictions);
    }
  }

  @Test
  void everyOperationWorksAcrossNodes() {
    try (CacheManager manager = open(Managers.freshNamespace())) {
      Cache<String, String> cache = manager.createCache("ops", config());
      Map<String, String> all = new HashMap<>();
      for (int i = 0; i < 1_000; i++) {
        all.put("k" + i, "v" + i);
      }
      cache.putAll(all);
      assertEquals("v7", cache.get("k7"));
      assertEquals(all, cache.getAll(all.keySet()));
      int seen = 0;
      for (Cache.Entry<String, String> e : cache) {
        assertEquals(all.get(e.getKey()), e.getValue());
        seen++;
      }
      assertEquals(1_000, seen);
      assertTrue(cache.replace("k1", "v1", "w1"));
      assertEquals(Integer.valueOf(2), cache.invoke("k2", (entry, args) -> entry.getValue().length()));
      Set<String> some = new HashSet<>(List.of("k3", "k4", "k5"));
      cache.removeAll(some);
      assertNull(cache.get("k4"));
      cache.clear();
      assertEquals(Map.of(), cache.getAll(all.keySet()));
    }
  }

  @Test
  void anAtomicBatchKeepsToOneSegmentOnACluster() {
    try (CacheManager manager = open(Managers.freshNamespace())) {
      Cache<String, String> cache = manager.createCache("batched", config());
      StrataCache<String, String> strata = cache.unwrap(StrataCache.class);
      // keys of one segment: found by asking the cache where keys live
      String first = "a0";
      List<String> sameSegment = new ArrayList<>();
      String otherSegment = null;
      for (int i = 1; sameSegment.size() < 3 || otherSegment == null; i++) {
        String k = "a" + i;
        if (strata.segmentOf(k) == strata.segmentOf(first)) {
          sameSegment.add(k);
        } else if (otherSegment == null) {
          otherSegment = k;
        }
      }
      cache.put(first, "old");
      var batch = strata.batch().remove(first);
      sameSegment.forEach(k -> batch.put(k, "v"));
      batch.apply();
      assertNull(cache.get(first));
      sameSegment.forEach(k -> assertEquals("v", cache.get(k)));

      cache.put(first, "kept");
      String across = otherSegment;
      javax.cache.CacheException e = assertThrows(javax.cache.CacheException.class,
          () -> strata.batch().remove(first).put(across, "x").apply());
      assertTrue(e.getMessage().contains("must stay within one segment"), e.getMessage());
      assertEquals("kept", cache.get(first), "nothing of a refused batch is applied");
      assertNull(cache.get(across));
    }
  }

  @Test
  void oneCacheIsSpreadOverEveryMaster() {
    String ns = Managers.freshNamespace();
    try (CacheManager manager = open(ns)) {
      Cache<String, String> cache = manager.createCache("spread", config());
      Map<String, String> batch = new LinkedHashMap<>();
      for (int i = 0; i < 100_000; i++) {
        batch.put("key-" + i, "v");
        if (batch.size() == 2_000) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      Map<Integer, Long> entriesPerMaster = new LinkedHashMap<>();
      for (RedisNode master : cluster.masters()) {
        entriesPerMaster.put(master.port(), entries(master, "strata:{" + ns + ":spread:*}:e"));
      }
      System.out.println("cluster: entries of one 100,000-entry cache per master (port=entries): "
          + entriesPerMaster);
      assertEquals(100_000L, entriesPerMaster.values().stream().mapToLong(Long::longValue).sum());
      entriesPerMaster.values().forEach(n -> assertTrue(n > 15_000, "every master holds a fair share: "
          + entriesPerMaster));
    }
  }

  @Test
  void nearCachesAreInvalidatedAcrossNodes() {
    String ns = Managers.freshNamespace();
    try (CacheManager reader = open(ns); CacheManager writer = open(ns)) {
      Cache<String, String> near = reader.createCache("near", NearCaches.config());
      Cache<String, String> remote = writer.createCache("near", config());
      for (int i = 0; i < 50; i++) {
        remote.put("k" + i, "1");
      }
      for (int i = 0; i < 50; i++) {
        NearCaches.warm(near, "k" + i, "1");
      }
      for (int i = 0; i < 50; i++) {
        remote.put("k" + i, "2");
      }
      NearCaches.await("every invalidation to arrive", 5_000, () -> {
        for (int i = 0; i < 50; i++) {
          if (!"2".equals(near.get("k" + i))) {
            return false;
          }
        }
        return true;
      });
    }
  }

  @Test
  void bulkOperationsSendOnePipelinePerMaster() {
    try (CacheManager manager = open(Managers.freshNamespace())) {
      Cache<String, String> cache = manager.createCache("bulk", config());
      RemoteStore store = cache.unwrap(StrataCache.class).store();
      List<ScriptExecutor.Call> everySegment = new ArrayList<>();
      store.layout().segments().forEach(s -> everySegment.add(new ScriptExecutor.Call(Script.META, List.of(s), new byte[0][])));
      List<List<Integer>> pipelines = store.executor().groupByNode(everySegment);
      assertEquals(64, everySegment.size());
      assertEquals(3, pipelines.size(), "64 segments, one pipeline per master: " + pipelines);

      Map<String, String> all = new HashMap<>();
      for (int i = 0; i < 500; i++) {
        all.put("k" + i, "v" + i);
      }
      cache.putAll(all);
      // a failover or restart leaves masters without loaded scripts: pipelined calls answered
      // NOSCRIPT are sent again, the others keep their replies
      cluster.masters().forEach(m -> m.command("SCRIPT", "FLUSH"));
      assertEquals(all, cache.getAll(all.keySet()));
      cluster.masters().forEach(m -> m.command("SCRIPT", "FLUSH"));
      cache.removeAll(Set.of("k1", "k2", "k3"));
      assertEquals(497, cache.getAll(all.keySet()).size());
    }
  }

  @Test
  void writesWaitForReplicasWhenAsked() {
    Properties durable = new Properties();
    durable.setProperty("strata.redis.wait-replicas", "1");
    durable.setProperty("strata.redis.wait-timeout-ms", "800");
    Properties tooMany = new Properties();
    tooMany.setProperty("strata.redis.wait-replicas", "2");
    tooMany.setProperty("strata.redis.wait-timeout-ms", "100");
    String ns = Managers.freshNamespace();
    try (CacheManager manager = open(ns, durable); CacheManager impossible = open(ns, tooMany)) {
      Cache<String, String> cache = manager.createCache("durable", config());
      cache.put("a", "1");
      cache.putAll(Map.of("b", "2", "c", "3", "d", "4"));
      cache.removeAll(Set.of("c"));
      assertTrue(cache.replace("a", "1", "2"));
      assertEquals(Map.of("a", "2", "b", "2", "d", "4"), cache.getAll(Set.of("a", "b", "c", "d")));

      // every master has one replica: asking for two can never be met, and says so
      Cache<String, String> strict = impossible.createCache("durable", config());
      ReplicaAcknowledgementException e = assertThrows(ReplicaAcknowledgementException.class,
          () -> strict.put("a", "3"));
      assertEquals(1, e.acknowledged());
      assertEquals(2, e.required());
      assertTrue(e.getMessage().contains("acknowledged by 1 of the 2 replicas required within 100 ms"),
          e.getMessage());
      assertEquals("3", cache.get("a"), "the master applied the write; only its durability is in doubt");
      assertThrows(ReplicaAcknowledgementException.class, () -> strict.putAll(Map.of("x", "1", "y", "2")));

      // a replica that does not answer: the write to its master waits, then fails
      RedisNode master = Clusters.masterHolding(cluster, cache, "a");
      RedisNode replica = cluster.replicaOf(master);
      replica.pause();
      try {
        ReplicaAcknowledgementException frozen = assertThrows(ReplicaAcknowledgementException.class,
            () -> cache.put("a", "4"));
        assertEquals(0, frozen.acknowledged());
      } finally {
        replica.resume();
      }
      cache.put("a", "5");
      assertEquals("5", cache.get("a"));
    }
  }

  @Test
  void slotsMigratedUnderTrafficBreakNothing() throws Exception {
    // a pipeline caught by a migration can stall until its attempt times out (about 3 s, seen once
    // in a full build on 2 cores); with the default 4 s deadline its re-send would get only 1 s,
    // so the deadline here leaves a whole second attempt: the test is about correctness, not speed
    Properties properties = new Properties();
    properties.setProperty("strata.redis.deadline-ms", "8000");
    try (CacheManager manager = open(Managers.freshNamespace(), properties)) {
      Cache<String, String> cache = manager.createCache("moving", NearCaches.config());
      int keysPerThread = 200;
      List<Map<String, String>> models = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < keysPerThread; i++) {
          model.put("t" + t + "-" + i, "0");
        }
        cache.putAll(model);
        models.add(model);
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong ops = new AtomicLong();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        Map<String, String> model = models.get(t);
        Random random = new Random(t);
        threads.add(new Thread(() -> {
          while (running.get()) {
            try {
              trafficStep(cache, model, "t" + thread + "-", keysPerThread, random);
              ops.incrementAndGet();
            } catch (Throwable e) {
              failures.add(e);
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      // move the slots of the first 8 segments to another master and on, one key per MIGRATE so
      // that clients meet half-moved segments (TRYAGAIN) and moved keys (ASK)
      StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
      int migrations = 0;
      for (int round = 0; round < 3; round++) {
        for (SegmentKeys segment : strata.store().layout().segments().subList(0, 8)) {
          int slot = Clusters.slotOf(cluster, segment.entries());
          List<RedisNode> masters = cluster.masters();
          RedisNode source = cluster.masterForSlot(slot);
          RedisNode target = masters.get((masters.indexOf(masters.stream()
              .filter(m -> m.port() == source.port()).findFirst().orElseThrow()) + 1) % masters.size());
          cluster.migrateSlot(slot, target, 1);
          migrations++;
        }
      }
      Thread.sleep(200);
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
      System.out.printf("cluster: %d slot migrations under traffic, %d operations, %d failures%n", migrations,
          ops.get(), failures.size());
      assertEquals(List.of(), failures.subList(0, Math.min(3, failures.size())), "no operation failed or saw a "
          + "wrong value during the migrations");
      assertTrue(ops.get() > 0);
      for (Map<String, String> model : models) {
        assertEquals(model, cache.getAll(model.keySet()));
      }
    }
  }

  /** One operation on this thread's own keys, checked against its model of them. */
  private static void trafficStep(Cache<String, String> cache, Map<String, String> model, String prefix, int keys,
      Random random) {
    String key = prefix + random.nextInt(keys);
    int dice = random.nextInt(10);
    if (dice < 4) {
      assertEquals(model.get(key), cache.get(key), key);
    } else if (dice < 7) {
      String value = Integer.toString(random.nextInt(1_000));
      cache.put(key, value);
      model.put(key, value);
    } else if (dice < 8) {
      cache.remove(key);
      model.remove(key);
    } else if (dice < 9) {
      Set<String> some = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        some.add(prefix + random.nextInt(keys));
      }
      Map<String, String> expected = new HashMap<>();
      some.forEach(k -> {
        if (model.containsKey(k)) {
          expected.put(k, model.get(k));
        }
      });
      assertEquals(expected, cache.getAll(some));
    } else {
      Map<String, String> pairs = new HashMap<>();
      pairs.put(key, "p" + random.nextInt(100));
      pairs.put(prefix + random.nextInt(keys), "q");
      cache.putAll(pairs);
      model.putAll(pairs);
    }
  }

  @Test
  void eventsTravelOnOneShardedChannelPerSegment() {
    // the embedded fallback binary may predate Redis 7: no sharded pub/sub there, auto picks global
    boolean redis7 = cluster.masters().get(0).majorVersion() >= 7;
    String ns = Managers.freshNamespace();
    try (CacheManager one = open(ns); CacheManager two = open(ns)) {
      Cache<String, String> cache = one.createCache("sharded", config());
      two.createCache("sharded", config());
      KeyLayout layout = cache.unwrap(StrataCache.class).store().layout();
      assertEquals(redis7, layout.shardedChannels(), "sharded channels exactly when every master runs Redis 7");
      if (redis7) {
        assertEquals(64, layout.channels().size());
        long subscribers = 0;
        for (String channel : layout.channels()) {
          RedisNode owner = cluster.masterForSlot(Clusters.slotOf(cluster, channel));
          List<?> reply = (List<?>) owner.command("PUBSUB", "SHARDNUMSUB", channel);
          subscribers += Long.parseLong(String.valueOf(reply.get(1)));
        }
        assertEquals(2L * 64, subscribers, "both managers subscribed every segment channel on its own master");
        assertEquals(0, namespaceSubscribers(ns), "nobody listens on the namespace channel");
      }
      cache.put("x", "1");
      two.destroyCache("sharded");
      assertNull(cache.get("x"));
    }
    Properties global = new Properties();
    global.setProperty("strata.pubsub", "global");
    String globalNs = Managers.freshNamespace();
    try (CacheManager manager = open(globalNs, global)) {
      Cache<String, String> cache = manager.createCache("global", config());
      assertFalse(cache.unwrap(StrataCache.class).store().layout().shardedChannels());
      assertEquals(1, namespaceSubscribers(globalNs), "strata.pubsub=global: the namespace channel");
    }
  }

  /** Subscribers of a namespace's (unsharded) channel, counted on every master. */
  private static long namespaceSubscribers(String ns) {
    long total = 0;
    for (RedisNode master : cluster.masters()) {
      List<?> reply = (List<?>) master.command("PUBSUB", "NUMSUB", "strata:" + ns + ":events");
      total += Long.parseLong(String.valueOf(reply.get(1)));
    }
    return total;
  }

  /** Sums HLEN over the keys matching {@code pattern} on one master. */
  private static long entries(RedisNode master, String pattern) {
    long total = 0;
    String cursor = "0";
    do {
      List<?> page = (List<?>) master.command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = String.valueOf(page.get(0));
      for (Object key : (List<?>) page.get(1)) {
        total += Long.parseLong(String.valueOf(master.command("HLEN", String.valueOf(key))))
            - ownFields(master, String.valueOf(key));
      }
    } while (!cursor.equals("0"));
    return total;
  }

  /** Fields of a segment hash that are the segment's own (meta, recorded replies), not entries. */
  private static long ownFields(RedisNode master, String hash) {
    long own = 0;
    String cursor = "0";
    do {
      List<?> page = (List<?>) master.command("HSCAN", hash, cursor, "MATCH", "#*", "COUNT", "1000");
      cursor = String.valueOf(page.get(0));
      own += ((List<?>) page.get(1)).size() / 2;
    } while (!cursor.equals("0"));
    return own;
  }
}
