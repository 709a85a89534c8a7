package dev.strata.jcache.it;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.management.CacheStatisticsBean;
import dev.strata.jcache.spi.StrataCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * The second JVM of the multi-JVM tests. It opens the cache named on its command line, prints
 * {@code READY}, waits for {@code GO} on standard input so that both JVMs start together, runs its
 * task and prints its results as lines, then {@code DONE}.
 *
 * <p>Tasks: {@code counter <threads> <increments>} increments key {@code counter} with invoke;
 * {@code race <threads> <keys>} calls putIfAbsent on every key and prints the keys it won;
 * {@code put <count>} puts keys {@code k0..} with their number as value;
 * {@code bounded <max entries> <threads> <keys>} opens the cache bounded (LRU) and puts that many
 * distinct keys per thread, then prints the evictions its statistics counted and its failures.
 */
public final class RemoteWorker {

  private RemoteWorker() {
  }

  /** Arguments: redis URI, namespace, cache name, task, task arguments. */
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0] + "?namespace=" + args[1]);
    CacheManager manager = new StrataCachingProvider().getCacheManager(uri, RemoteWorker.class.getClassLoader());
    Cache<String, Long> cache = manager.createCache(args[2], args[3].equals("bounded")
        ? boundedConfig(Long.parseLong(args[4]))
        : new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"GO".equals(in.readLine())) {
      throw new IllegalStateException("expected GO");
    }
    switch (args[3]) {
      case "counter":
        for (String line : counter(cache, Integer.parseInt(args[4]), Integer.parseInt(args[5]))) {
          System.out.println(line);
        }
        break;
      case "race":
        for (String line : race(cache, Integer.parseInt(args[4]), Integer.parseInt(args[5]), "worker")) {
          System.out.println(line);
        }
        break;
      case "put":
        for (long i = 0; i < Integer.parseInt(args[4]); i++) {
          cache.put("k" + i, i);
        }
        break;
      case "bounded":
        for (String line : bounded(cache, Integer.parseInt(args[5]), Integer.parseInt(args[6]), "worker")) {
          System.out.println(line);
        }
        break;
      default:
        throw new IllegalArgumentException("unknown task " + args[3]);
    }
    System.out.println("DONE");
    System.out.flush();
    manager.close();
  }

  /** Increments key {@code counter} from {@code threads} threads; returns one line with the retries seen. */
  public static List<String> counter(Cache<String, Long> cache, int threads, int increments) throws InterruptedException {
    AtomicLong failures = new AtomicLong();
    onThreads(threads, t -> {
      for (int i = 0; i < increments; i++) {
        try {
          cache.invoke("counter", (entry, a) -> {
            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
            return null;
          });
        } catch (RuntimeException e) {
          failures.incrementAndGet();
        }
      }
    });
    return List.of("FAILURES " + failures.get());
  }

  /** Calls putIfAbsent on keys race0..race(n-1) from several threads; returns "WON key" lines. */
  public static List<String> race(Cache<String, Long> cache, int threads, int keys, String who)
      throws InterruptedException {
    List<String> won = java.util.Collections.synchronizedList(new ArrayList<>());
    onThreads(threads, t -> {
      for (int i = 0; i < keys; i++) {
        if (cache.putIfAbsent("race" + i, (long) i)) {
          won.add("WON race" + i + " " + who);
        }
      }
    });
    return won;
  }

  /** A String-to-Long configuration bounded to {@code maxEntries} (LRU), with statistics on. */
  public static StrataConfiguration<String, Long> boundedConfig(long maxEntries) {
    StrataConfiguration<String, Long> config = new StrataConfiguration<String, Long>().setMaxEntries(maxEntries);
    config.setTypes(String.class, Long.class);
    config.setStatisticsEnabled(true);
    return config;
  }

  /** Puts {@code keys} distinct keys per thread; returns "EVICTIONS n" (this JVM's count) and "FAILURES n". */
  public static List<String> bounded(Cache<String, Long> cache, int threads, int keys, String who)
      throws InterruptedException {
    AtomicLong failures = new AtomicLong();
    onThreads(threads, thread -> {
      for (int i = 0; i < keys; i++) {
        try {
          cache.put(who + "-" + thread + "-" + i, (long) i);
        } catch (RuntimeException e) {
          failures.incrementAndGet();
        }
      }
    });
    long evictions = new CacheStatisticsBean(cache.unwrap(StrataCache.class).statistics()).getCacheEvictions();
    return List.of("EVICTIONS " + evictions, "FAILURES " + failures.get());
  }

  /** Runs {@code body} with thread numbers 0 to threads - 1 on as many threads at once, and waits for them all. */
  private static void onThreads(int threads, java.util.function.IntConsumer body) throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int number = t;
      Thread worker = new Thread(() -> body.accept(number));
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }
}
