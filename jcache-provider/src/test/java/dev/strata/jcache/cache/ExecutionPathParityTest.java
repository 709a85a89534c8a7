package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.management.CacheStatisticsBean;
import dev.strata.jcache.support.ChangeRecorder;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two execution paths of a cache (one script per operation, or read-decide-commit) give the
 * same results, the same events and the same statistics for the same sequence of operations. The
 * second path is forced with {@link ExecutionPath#FORCE_COMMIT_PROPERTY} when its cache is built.
 */
@ExtendWith(RedisExtension.class)
class ExecutionPathParityTest {

  /** Events seen per cache name, as "TYPE key value old". */
  static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();

  @Test
  void bothPathsAnswerNotifyAndCountAlike(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, Integer> script = create(manager, "by-script", false);
      Cache<String, Integer> commit = create(manager, "by-commit", true);
      assertTrue(script.unwrap(StrataCache.class).path().oneScript());
      assertFalse(commit.unwrap(StrataCache.class).path().oneScript());
      List<String> fromScript = run(script);
      List<String> fromCommit = run(commit);
      assertEquals(fromScript, fromCommit, "results");
      assertEquals(EVENTS.get("by-script"), EVENTS.get("by-commit"), "events");
      assertFalse(EVENTS.get("by-script").isEmpty());
      assertEquals(statistics(script), statistics(commit), "statistics");
    }
  }

  private static Cache<String, Integer> create(CacheManager manager, String name, boolean forceCommit) {
    MutableConfiguration<String, Integer> config = new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class)
        .setStatisticsEnabled(true)
        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(Duration.ONE_HOUR))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(Recorder.class), null, true, true));
    EVENTS.put(name, new CopyOnWriteArrayList<>());
    String before = System.getProperty(ExecutionPath.FORCE_COMMIT_PROPERTY);
    try {
      System.setProperty(ExecutionPath.FORCE_COMMIT_PROPERTY, Boolean.toString(forceCommit));
      return manager.createCache(name, config);
    } finally {
      if (before == null) {
        System.clearProperty(ExecutionPath.FORCE_COMMIT_PROPERTY);
      } else {
        System.setProperty(ExecutionPath.FORCE_COMMIT_PROPERTY, before);
      }
    }
  }

  /** One fixed sequence touching every single-key operation's branches; returns what each call answered. */
  private static List<String> run(Cache<String, Integer> c) {
    List<String> out = new ArrayList<>();
    c.put("a", 1);
    out.add("get a " + c.get("a"));
    out.add("getAndPut a " + c.getAndPut("a", 2));
    out.add("getAndPut n " + c.getAndPut("n", 9));
    out.add("putIfAbsent a " + c.putIfAbsent("a", 5));
    out.add("putIfAbsent b " + c.putIfAbsent("b", 10));
    out.add("replace a 2->3 " + c.replace("a", 2, 3));
    out.add("replace a 7->8 " + c.replace("a", 7, 8));
    out.add("replace z 1->2 " + c.replace("z", 1, 2));
    out.add("replace c " + c.replace("c", 4));
    out.add("replace b " + c.replace("b", 11));
    out.add("getAndReplace b " + c.getAndReplace("b", 12));
    out.add("getAndReplace z " + c.getAndReplace("z", 1));
    out.add("remove a 9 " + c.remove("a", 9));
    out.add("remove a 3 " + c.remove("a", 3));
    out.add("remove z 3 " + c.remove("z", 3));
    out.add("getAndRemove b " + c.getAndRemove("b"));
    out.add("getAndRemove b " + c.getAndRemove("b"));
    out.add("remove n " + c.remove("n"));
    out.add("remove n " + c.remove("n"));
    out.add("containsKey n " + c.containsKey("n"));
    c.putAll(Map.of("x", 1, "y", 2));
    out.add("getAll " + new TreeMap<>(c.getAll(Set.of("x", "y", "q"))));
    out.add("invoke x " + c.invoke("x", (MutableEntry<String, Integer> e, Object... args) -> {
      e.setValue(e.getValue() + 100);
      return e.getValue();
    }));
    Map<String, Integer> all = new TreeMap<>();
    c.forEach(e -> all.put(e.getKey(), e.getValue()));
    out.add("iterate " + all);
    c.removeAll(Set.of("x", "q"));
    out.add("after removeAll " + new TreeMap<>(c.getAll(Set.of("x", "y"))));
    return out;
  }

  private static List<Long> statistics(Cache<String, Integer> c) {
    CacheStatisticsMXBean s = new CacheStatisticsBean(c.unwrap(StrataCache.class).statistics());
    return List.of(s.getCacheHits(), s.getCacheMisses(), s.getCacheGets(), s.getCachePuts(), s.getCacheRemovals());
  }

  /** Records every created, updated and removed event with its values. */
  public static final class Recorder extends ChangeRecorder<String, Integer> {
    @Override
    protected void record(CacheEntryEvent<? extends String, ? extends Integer> e) {
      EVENTS.get(e.getSource().getName()).add(e.getEventType() + " " + e.getKey() + " " + e.getValue() + " "
          + (e.isOldValueAvailable() ? e.getOldValue() : "-"));
    }
  }
}
