package dev.strata.jcache.support;

import dev.strata.jcache.spi.StrataCachingProvider;
import dev.strata.redis.launcher.RedisNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;

/**
 * Helpers for the fault tests: managers at any URI, the Redis keys of a cache (layout
 * {@code strata:{<namespace>:<cache>:<segment>}:e} for entries and meta, {@code :x} for the expiry
 * index), planting records, and timing calls that run on a thread of their own.
 */
public final class Faults {

  private Faults() {
  }

  /** Properties from name/value pairs. */
  public static Properties properties(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Properties p = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      p.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return p;
  }

  /** A manager at {@code uri} (for example through a {@link FreezableProxy}), from a provider of its own. */
  public static CacheManager open(String uri, Properties properties) {
    return new StrataCachingProvider().getCacheManager(URI.create(uri), Faults.class.getClassLoader(), properties);
  }

  /** The cache's Redis keys of one kind ({@code "e"} entries hashes, {@code "x"} expiry indexes) that exist now. */
  public static List<String> keysOf(RedisNode redis, String namespace, String cache, String kind) {
    List<String> out = new ArrayList<>();
    Object reply = redis.command("KEYS", "strata:{" + namespace + ":" + cache + ":*}:" + kind);
    for (Object key : (List<?>) reply) {
      out.add(key.toString());
    }
    return out;
  }

  /** Deletes the cache's keys of one kind, as eviction by Redis would; returns how many were deleted. */
  public static int deleteKeysOf(RedisNode redis, String namespace, String cache, String kind) {
    int n = 0;
    for (String key : keysOf(redis, namespace, cache, kind)) {
      n += ((Number) redis.command("DEL", key)).intValue();
    }
    return n;
  }

  /** The entries hash of the cache that holds {@code field} (an encoded key such as {@code s:victim}). */
  public static String entriesKeyHolding(RedisNode redis, String namespace, String cache, String field) {
    List<String> keys = keysOf(redis, namespace, cache, "e");
    for (String key : keys) {
      if (((Number) redis.command("HEXISTS", key, field)).intValue() == 1) {
        return key;
      }
    }
    throw new AssertionError("no entries hash of cache " + cache + " holds " + field + " among " + keys);
  }

  /** The entries that segment {@code segment} of the cache holds in Redis: its hash's fields but the segment's own {@code #} ones. */
  public static long entriesIn(RedisNode redis, String namespace, String cache, int segment) {
    List<?> fields = (List<?>) redis.command("HKEYS", "strata:{" + namespace + ":" + cache + ":" + segment + "}:e");
    return fields.stream().filter(f -> !String.valueOf(f).startsWith("#")).count();
  }

  /** Whether any entries hash of the cache holds {@code field}. */
  public static boolean anyEntriesKeyHolds(RedisNode redis, String namespace, String cache, String field) {
    for (String key : keysOf(redis, namespace, cache, "e")) {
      if (((Number) redis.command("HEXISTS", key, field)).intValue() == 1) {
        return true;
      }
    }
    return false;
  }

  /** A number from {@code INFO <section>}, e.g. {@code used_memory} or {@code evicted_keys}. */
  public static long info(RedisNode redis, String section, String field) {
    String info = String.valueOf(redis.command("INFO", section));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new AssertionError("INFO " + section + " has no " + field);
  }

  /** Sleeps, failing the test when interrupted. */
  public static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
  public static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** How one call ended: its value or its exception, and how long it took. */
  public record Outcome<T>(T value, Throwable error, long millis) {

    /** Whether the call threw. */
    public boolean threw() {
      return error != null;
    }

    @Override
    public String toString() {
      return (error == null ? "returned " + value : "threw " + error.getClass().getSimpleName() + ": "
          + error.getMessage()) + " after " + millis + " ms";
    }
  }

  /** Starts {@code call} on a daemon thread of its own and times it. */
  public static <T> CompletableFuture<Outcome<T>> start(String name, Callable<T> call) {
    CompletableFuture<Outcome<T>> out = new CompletableFuture<>();
    Thread t = new Thread(() -> out.complete(run(call)), "fault-" + name);
    t.setDaemon(true);
    t.start();
    return out;
  }

  /** Runs {@code call} here and times it; any Throwable (StackOverflowError included) is caught. */
  public static <T> Outcome<T> run(Callable<T> call) {
    long start = System.nanoTime();
    try {
      T value = call.call();
      return new Outcome<>(value, null, millisSince(start));
    } catch (Throwable e) {
      return new Outcome<>(null, e, millisSince(start));
    }
  }

  /**
   * Waits up to {@code millis} for a call started by {@link #start}; a call still running then is
   * reported as an {@link Outcome} whose error says it was still blocked.
   */
  public static <T> Outcome<T> await(CompletableFuture<Outcome<T>> call, long millis) {
    try {
      return call.get(millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return new Outcome<>(null, new StillBlocked(millis), millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("a timed call cannot fail", e);
    }
  }

  /** Waits up to {@code millis} for all the calls to end; returns early once they have, never fails. */
  public static void awaitAll(long millis, CompletableFuture<?>... calls) {
    try {
      CompletableFuture.allOf(calls).get(Math.max(0, millis), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // some are still running: the caller goes on regardless
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stands for a call that had not returned when the test stopped waiting. */
  public static final class StillBlocked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StillBlocked(long millis) {
      super("still blocked after " + millis + " ms");
    }
  }
}
