package dev.strata.jcache.it;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.near.NearCache;
import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.support.NearCaches;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * The second JVM of the near-cache tests: opens the named cache with a near cache, prints
 * {@code READY}, waits for {@code GO}, runs its task, prints {@code DONE}.
 *
 * <p>Tasks: {@code count-up <n>} writes {@code "<i>:<wall clock micros>"} to key {@code hot} for
 * i = 1..n and prints {@code LAST n}; {@code mixed <millis> <keys> <seed>} runs a random mix of
 * operations from two threads for that long, prints {@code OPS <count> FAILED <count>} and
 * {@code DONE}, waits for {@code CHECK} and prints {@code MISMATCHES <m> OF <n>} (every servable
 * near entry compared with Redis) and {@code GET-MISMATCHES <m> OF <keys>} (what {@code get}
 * returns for every key compared with Redis). {@code mixed-checked <millis> <keys> <seed> <owner>}
 * does the same with own keys per thread checked against a model (see
 * {@link #mixed(Cache, long, int, long, String)}) and prints, after the {@code OPS} line, the
 * model's counts ({@link KeyModel.Tally#line()}) and then one line per wrong answer described.
 */
public final class NearCacheWorker {

  /** The command that announces a master's kill, followed by its wall-clock time in ms. */
  static final String KILLED = "KILLED ";
  private static final String END_OF_INPUT = "<end of input>";

  /** The interval of the periodic check in these tests. */
  static final int CHECK_MILLIS = 200;
  /** System property of the forked JVM: segments per cache (both JVMs must agree), default 4. */
  static final String SEGMENTS_PROPERTY = "strata.test.segments";

  private NearCacheWorker() {
  }

  /** Arguments: redis URI, namespace, cache name, task, task arguments. */
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0] + "?namespace=" + args[1]);
    CacheManager manager = new StrataCachingProvider().getCacheManager(uri, NearCacheWorker.class.getClassLoader(),
        NearCaches.properties(CHECK_MILLIS, Integer.getInteger(SEGMENTS_PROPERTY, 4)));
    Cache<String, String> cache = manager.createCache(args[2], NearCaches.defaults());
    System.out.println("READY");
    System.out.flush();
    java.util.concurrent.BlockingQueue<String> in = commands();
    expect(in, "GO");
    switch (args[3]) {
      case "count-up" -> {
        int n = Integer.parseInt(args[4]);
        for (int i = 1; i <= n; i++) {
          cache.put("hot", i + ":" + nowMicros());
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
        }
        System.out.println("LAST " + n);
      }
      case "mixed", "mixed-checked" -> {
        int keys = Integer.parseInt(args[5]);
        String owner = args[3].equals("mixed-checked") ? args[7] : null;
        MixedRun run = mixed(cache, Long.parseLong(args[4]), keys, Long.parseLong(args[6]), owner);
        System.out.println("OPS " + run.ops() + " FAILED " + run.failed());
        if (owner != null) {
          System.out.println(run.model().line());
          run.model().wrongAnswers().forEach(System.out::println);
        }
        System.out.println("DONE");
        System.out.flush();
        expect(in, "CHECK");
        NearCaches.await("the near caches to serve again", 15_000,
            () -> NearCaches.near(cache).coordinator().serving());
        System.out.println(mismatches(cache));
        System.out.println(getMismatches(cache, keys));
      }
      default -> throw new IllegalArgumentException("unknown task " + args[3]);
    }
    System.out.println("DONE");
    System.out.flush();
    manager.close();
  }

  /** Wall-clock microseconds, comparable between JVMs on one machine. */
  static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /**
   * Calls on the shared keys and how many of them failed with a {@link CacheException} (Redis
   * unavailable), and the model's counts of the calls on own keys ({@link KeyModel.Tally#NONE}
   * when no thread owned keys).
   */
  record MixedRun(long ops, long failed, KeyModel.Tally model) {
  }

  /** {@link #mixed(Cache, long, int, long, String)} on shared keys only. */
  static MixedRun mixed(Cache<String, String> cache, long millis, int keys, long seed) throws InterruptedException {
    return mixed(cache, millis, keys, seed, null);
  }

  /**
   * A random mix of reads and writes on keys m0..m(keys-1), from two threads, for a fixed time (so
   * that two JVMs stop together and both hold entries that lived through the other's writes).
   * Operations that fail with a {@link CacheException} (Redis unavailable during a failover) are
   * counted and the run goes on.
   *
   * <p>With an {@code owner}, thread t also owns the keys {@code <owner><t>:k0..} (see
   * {@link OwnedKeySteps}): half of its calls go to them, each answer checked against the
   * thread's {@link KeyModel}, and once the time is up it reads them all once more.
   */
  static MixedRun mixed(Cache<String, String> cache, long millis, int keys, long seed, String owner)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<OwnedKeySteps> owned = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong ops = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (int t = 0; t < 2; t++) {
      Random random = new Random(seed * 31 + t);
      OwnedKeySteps own = owner == null ? null : new OwnedKeySteps(cache, owner + t);
      if (own != null) {
        owned.add(own);
      }
      Thread thread = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          if (own != null && random.nextBoolean()) {
            own.step(random);
            continue;
          }
          try {
            step(cache, random, keys);
          } catch (CacheException e) {
            failed.incrementAndGet();
          }
          ops.incrementAndGet();
        }
        if (own != null) {
          own.readAll();
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    KeyModel.Tally model = owned.stream().map(OwnedKeySteps::tally).reduce(KeyModel.Tally.NONE, KeyModel.Tally::plus);
    return new MixedRun(ops.get(), failed.get(), model);
  }

  private static void step(Cache<String, String> cache, Random random, int keys) {
    String key = "m" + random.nextInt(keys);
    String value = Integer.toString(random.nextInt(1_000_000));
    int dice = random.nextInt(100);
    if (dice < 50) {
      cache.get(key);
    } else if (dice < 68) {
      cache.put(key, value);
    } else if (dice < 76) {
      cache.remove(key);
    } else if (dice < 82) {
      cache.replace(key, value);
    } else if (dice < 86) {
      cache.putIfAbsent(key, value);
    } else if (dice < 90) {
      Set<String> some = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        some.add("m" + random.nextInt(keys));
      }
      cache.getAll(some);
    } else if (dice < 93) {
      Map<String, String> pairs = new java.util.HashMap<>();
      pairs.put(key, value);
      pairs.put("m" + random.nextInt(keys), value + "b");
      cache.putAll(pairs);
    } else if (dice < 95) {
      cache.removeAll(Set.of(key));
    } else if (dice < 98) {
      cache.invoke(key, (entry, a) -> {
        entry.setValue(entry.exists() ? entry.getValue() + "+" : "0");
        return null;
      });
    } else {
      String current = cache.get(key);
      if (current != null) {
        cache.replace(key, current, value);
      }
    }
  }

  /** Compares every entry the near cache would serve with Redis; returns "MISMATCHES m OF n". */
  static String mismatches(Cache<String, String> cache) {
    StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
    NearCache near = strata.nearCache();
    int mismatches = 0;
    int entries = 0;
    for (Map.Entry<byte[], Object> e : near.servableEntries()) {
      entries++;
      byte[] remote = strata.store().get(e.getKey(), RemoteStore.TTL_UNCHANGED).value();
      if (!java.util.Objects.equals(e.getValue(), strata.codec().decode(remote))) {
        mismatches++;
      }
    }
    return "MISMATCHES " + mismatches + " OF " + entries;
  }

  /**
   * Compares what {@code get} returns for every key m0..m(keys-1) with what Redis holds; returns
   * "GET-MISMATCHES m OF keys".
   */
  static String getMismatches(Cache<String, String> cache, int keys) {
    StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
    int mismatches = 0;
    for (int i = 0; i < keys; i++) {
      String key = "m" + i;
      String served = cache.get(key);
      byte[] remote = strata.store().get(strata.codec().encode(key), RemoteStore.TTL_UNCHANGED).value();
      if (!java.util.Objects.equals(served, strata.codec().decode(remote))) {
        mismatches++;
      }
    }
    return "GET-MISMATCHES " + mismatches + " OF " + keys;
  }

  /**
   * The test's commands, read from stdin by one thread: {@code KILLED <wall clock ms>} is handled
   * at once, even while a task runs (it tells this JVM's models that a master was killed, see
   * {@link KeyModel#masterLost(long)}); every other line is queued for {@link #expect}.
   */
  private static java.util.concurrent.BlockingQueue<String> commands() {
    java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      try {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith(KILLED)) {
            KeyModel.masterLost(Long.parseLong(line.substring(KILLED.length())));
          } else {
            queue.add(line);
          }
        }
      } catch (java.io.IOException e) {
        // the test ended: nothing more will come
      }
      queue.add(END_OF_INPUT);
    }, "worker-commands");
    reader.setDaemon(true);
    reader.start();
    return queue;
  }

  private static void expect(java.util.concurrent.BlockingQueue<String> in, String word) throws InterruptedException {
    String line = in.take();
    if (!word.equals(line)) {
      throw new IllegalStateException("expected " + word + ", got " + line);
    }
  }
}
