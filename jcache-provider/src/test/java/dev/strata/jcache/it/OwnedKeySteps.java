package dev.strata.jcache.it;

import dev.strata.jcache.it.KeyModel.Effect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.cache.Cache;

/**
 * Random calls of one thread on the keys only it writes, each checked against the thread's
 * {@link KeyModel}: reads ({@code get}, {@code containsKey}, {@code getAll}), unconditional and
 * conditional writes ({@code put}, {@code putIfAbsent}, both {@code replace}s, both
 * {@code remove}s, {@code getAndPut}, {@code getAndRemove}, {@code getAndReplace}, {@code putAll},
 * {@code removeAll}) and an entry processor that increments a counter. Values are decimal numbers
 * so that the increment applies to whatever a key holds.
 */
final class OwnedKeySteps {

  /** Keys each thread owns: few enough that every key sees many calls, also around the failover. */
  static final int KEYS_PER_THREAD = 20;

  private final Cache<String, String> cache;
  private final KeyModel model;

  /** The calls of a thread that owns the keys {@code <owner>:k0..} of {@code cache}. */
  OwnedKeySteps(Cache<String, String> cache, String owner) {
    this.cache = cache;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS_PER_THREAD; i++) {
      keys.add(owner + ":k" + i);
    }
    this.model = new KeyModel(keys);
  }

  /** The counts so far. */
  KeyModel.Tally tally() {
    return model.tally();
  }

  /** One random call on an own key; nothing once a wrong answer dropped every key from the model. */
  void step(Random random) {
    if (model.liveKeys().isEmpty()) {
      return;
    }
    String key = model.liveKeys().get(random.nextInt(model.liveKeys().size()));
    String value = Integer.toString(random.nextInt(1_000_000));
    int dice = random.nextInt(100);
    if (dice < 20) {
      get(key);
    } else if (dice < 26) {
      containsKey(key);
    } else if (dice < 32) {
      getAll(someKeys(random));
    } else if (dice < 44) {
      put(key, value);
    } else if (dice < 50) {
      putIfAbsent(key, value);
    } else if (dice < 56) {
      replace(key, value);
    } else if (dice < 63) {
      replace(key, likelyValue(key, random), value);
    } else if (dice < 69) {
      remove(key);
    } else if (dice < 74) {
      remove(key, likelyValue(key, random));
    } else if (dice < 80) {
      getAndPut(key, value);
    } else if (dice < 85) {
      getAndRemove(key);
    } else if (dice < 90) {
      getAndReplace(key, value);
    } else if (dice < 96) {
      increment(key);
    } else if (dice < 99) {
      putAll(someKeys(random), value);
    } else {
      removeAll(someKeys(random));
    }
  }

  /** Reads every own key still checked in one call, e.g. once the workload is over. */
  void readAll() {
    if (!model.liveKeys().isEmpty()) {
      getAll(new LinkedHashSet<>(model.liveKeys()));
    }
  }

  private void get(String key) {
    model.check("get(" + key + ")", key, (k, current) -> new Effect(current, current), () -> cache.get(key));
  }

  private void containsKey(String key) {
    model.check("containsKey(" + key + ")", key, (k, current) -> new Effect(current != null, current),
        () -> cache.containsKey(key));
  }

  private void getAll(Set<String> keys) {
    model.checkAll("getAll(" + keys + ")", keys, (k, current) -> new Effect(current, current), () -> {
      Map<String, String> found = cache.getAll(keys);
      return found::get;
    });
  }

  private void put(String key, String value) {
    model.check("put(" + key + ", " + value + ")", key, (k, current) -> new Effect(null, value), () -> {
      cache.put(key, value);
      return null;
    });
  }

  private void putIfAbsent(String key, String value) {
    model.check("putIfAbsent(" + key + ", " + value + ")", key,
        (k, current) -> current == null ? new Effect(true, value) : new Effect(false, current),
        () -> cache.putIfAbsent(key, value));
  }

  private void replace(String key, String value) {
    model.check("replace(" + key + ", " + value + ")", key,
        (k, current) -> current != null ? new Effect(true, value) : new Effect(false, null),
        () -> cache.replace(key, value));
  }

  private void replace(String key, String expected, String value) {
    model.check("replace(" + key + ", " + expected + ", " + value + ")", key,
        (k, current) -> expected.equals(current) ? new Effect(true, value) : new Effect(false, current),
        () -> cache.replace(key, expected, value));
  }

  private void remove(String key) {
    model.check("remove(" + key + ")", key, (k, current) -> new Effect(current != null, null),
        () -> cache.remove(key));
  }

  private void remove(String key, String expected) {
    model.check("remove(" + key + ", " + expected + ")", key,
        (k, current) -> expected.equals(current) ? new Effect(true, null) : new Effect(false, current),
        () -> cache.remove(key, expected));
  }

  private void getAndPut(String key, String value) {
    model.check("getAndPut(" + key + ", " + value + ")", key, (k, current) -> new Effect(current, value),
        () -> cache.getAndPut(key, value));
  }

  private void getAndRemove(String key) {
    model.check("getAndRemove(" + key + ")", key, (k, current) -> new Effect(current, null),
        () -> cache.getAndRemove(key));
  }

  private void getAndReplace(String key, String value) {
    model.check("getAndReplace(" + key + ", " + value + ")", key,
        (k, current) -> new Effect(current, current != null ? value : null), () -> cache.getAndReplace(key, value));
  }

  /** invoke: a counter that starts at 0 and goes up by one; answers the value it set. */
  private void increment(String key) {
    model.check("invoke(" + key + ", increment)", key, (k, current) -> {
      String next = incremented(current);
      return new Effect(next, next);
    }, () -> cache.invoke(key, (entry, arguments) -> {
      String next = incremented(entry.exists() ? entry.getValue() : null);
      entry.setValue(next);
      return next;
    }));
  }

  /** putAll: {@code value} with the key appended, so that each key gets a value of its own. */
  private void putAll(Set<String> keys, String value) {
    Map<String, String> pairs = new LinkedHashMap<>();
    keys.forEach(k -> pairs.put(k, valueFor(k, value)));
    model.checkAll("putAll(" + pairs + ")", keys, (k, current) -> new Effect(null, pairs.get(k)), () -> {
      cache.putAll(pairs);
      return k -> null;
    });
  }

  private void removeAll(Set<String> keys) {
    model.checkAll("removeAll(" + keys + ")", keys, (k, current) -> new Effect(null, null), () -> {
      cache.removeAll(keys);
      return k -> null;
    });
  }

  /** 2 to 4 distinct own keys still checked. */
  private Set<String> someKeys(Random random) {
    List<String> live = new ArrayList<>(model.liveKeys());
    Collections.shuffle(live, random);
    return new LinkedHashSet<>(live.subList(0, Math.min(live.size(), 2 + random.nextInt(3))));
  }

  /**
   * An expected value for a conditional write: mostly one the key may hold, so that the write
   * often takes place, sometimes another one, so that it sometimes must not.
   */
  private String likelyValue(String key, Random random) {
    List<String> present = new ArrayList<>(model.possibleValues(key));
    present.remove(null);
    if (present.isEmpty() || random.nextInt(4) == 0) {
      return Integer.toString(random.nextInt(1_000_000));
    }
    return present.get(random.nextInt(present.size()));
  }

  private static String incremented(String current) {
    return current == null ? "0" : Long.toString(Long.parseLong(current) + 1);
  }

  /** A decimal value per key: the key's number followed by {@code value}. */
  private static String valueFor(String key, String value) {
    return key.substring(key.lastIndexOf('k') + 1) + value;
  }
}
