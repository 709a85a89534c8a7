package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.PrivateRedis;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import dev.strata.redis.launcher.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Counts the Redis commands each operation costs, from the server's own {@code INFO commandstats},
 * and checks that scripts survive {@code SCRIPT FLUSH}.
 */
@ExtendWith(RedisExtension.class)
class RoundTripTest {

  @Test
  void singleKeyOperationsAreOneCommandAndBulkOperationsOnePerNode(@PrivateRedis RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("counted",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("warm", "up"); // loads the scripts once
      cache.get("warm");
      cache.putIfAbsent("warm", "up");
      cache.remove("never-there");
      Map<String, String> hundred = new HashMap<>();
      for (int i = 0; i < 100; i++) {
        hundred.put("k" + i, "v" + i);
      }
      cache.putAll(hundred);
      cache.getAll(hundred.keySet());

      Map<String, Long> counts = new TreeMap<>();
      counts.put("get", measure(redis, () -> cache.get("k1")));
      counts.put("put", measure(redis, () -> cache.put("k1", "v")));
      counts.put("putIfAbsent", measure(redis, () -> cache.putIfAbsent("new", "v")));
      counts.put("remove", measure(redis, () -> cache.remove("new")));
      counts.put("getAll(100)", measure(redis, () -> cache.getAll(hundred.keySet())));
      counts.put("putAll(100)", measure(redis, () -> cache.putAll(hundred)));
      System.out.println("Redis commands per operation: " + counts);

      assertEquals(1, counts.get("get"));
      assertEquals(1, counts.get("put"));
      assertEquals(1, counts.get("putIfAbsent"));
      assertEquals(1, counts.get("remove"));
      // entries that cannot expire: a plain HMGET per segment (4), all in one pipeline; whatever
      // the number of keys
      assertEquals(4, counts.get("getAll(100)"));
      // one script call covers every segment on a single server
      assertEquals(1, counts.get("putAll(100)"));
    }
  }

  @Test
  void scriptsAreReloadedAfterScriptFlush(@PrivateRedis RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, String> cache = manager.createCache("flushed",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("a", "1");
      redis.command("SCRIPT", "FLUSH");
      cache.put("b", "2");
      assertEquals("1", cache.get("a"));
      assertEquals("2", cache.get("b"));
      Set<String> keys = new LinkedHashSet<>(Set.of("a", "b"));
      redis.command("SCRIPT", "FLUSH");
      assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(keys));
    }
  }

  /**
   * The commands clients sent to the server during one call, seen through {@code MONITOR}: lines
   * from a client address count, lines from {@code lua} (commands a script runs) do not.
   */
  private static long measure(RedisNode redis, Runnable operation) {
    try (RespClient monitor = new RespClient(redis.host(), redis.port(), 5_000)) {
      monitor.call("MONITOR");
      String marker = "strata-marker-" + System.nanoTime();
      operation.run();
      redis.command("ECHO", marker);
      long count = 0;
      monitor.setTimeout(5_000);
      while (true) {
        String line = String.valueOf(monitor.readNext());
        if (line.contains(marker)) {
          return count;
        }
        if (!line.contains(" lua]")) {
          count++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
