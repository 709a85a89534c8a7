package dev.strata.jcache.it;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessorException;

/**
 * The exact model of the keys that one thread alone writes, against which every answer of a call
 * on them is checked: "a call may throw, it may never answer wrong".
 *
 * <p>For each key the model holds the set of values the key may hold ({@code null}: absent). It
 * has one value while every write on the key answered; a write that threw a {@link CacheException}
 * may or may not have been applied, so the set grows to the values before and after it. A call
 * that answers must answer what some value of the set predicts; the set then shrinks to what those
 * values become, so an answer that reveals the value (a read, {@code getAndPut}, a successful
 * conditional write) or an unconditional write re-anchors the model. An answer that no value of
 * the set predicts, and any exception other than a {@link CacheException}, is a wrong answer.
 *
 * <p>A killed master may take acknowledged writes with it: Redis replicates asynchronously, so
 * the replica that takes over holds the master's state as of some moment shortly before the kill.
 * {@link #masterLost(long)} tells every model of this JVM when a master was killed; each model
 * then lets every key also hold what it held before any call that returned less than
 * {@link #REPLICATION_LAG_MILLIS} before the kill (or after it). Writes older than that must have
 * survived, and every answer after the failover is still checked against that set.
 *
 * <p>Not thread-safe: one model per thread, which is what makes it exact.
 */
final class KeyModel {

  /** What a call answers and what it leaves on one key when it finds {@code current} there. */
  record Effect(Object answer, String after) {
  }

  /** How a call acts on one key. */
  @FunctionalInterface
  interface Semantics {
    /** The call's effect on {@code key} when it finds {@code current} there (null: absent). */
    Effect on(String key, String current);
  }

  /**
   * Counts of one or more models: calls checked, wrong answers, calls that threw a CacheException
   * and how many of those said "outcome unknown", and the longest call (reported, not asserted:
   * on a loaded machine a thread may be scheduled late after its deadline). {@code wrongAnswers}
   * describes the first few wrong answers.
   */
  record Tally(long calls, long wrong, long exceptions, long outcomeUnknown, long longestCallMillis,
      List<String> wrongAnswers) {

    static final Tally NONE = new Tally(0, 0, 0, 0, 0, List.of());
    private static final String PREFIX = "MODEL CALLS ";

    Tally plus(Tally other) {
      List<String> both = new ArrayList<>(wrongAnswers);
      both.addAll(other.wrongAnswers);
      return new Tally(calls + other.calls, wrong + other.wrong, exceptions + other.exceptions,
          outcomeUnknown + other.outcomeUnknown, Math.max(longestCallMillis, other.longestCallMillis), both);
    }

    /** The counts as one line of the worker protocol (wrong answers are sent on lines of their own). */
    String line() {
      return PREFIX + calls + " WRONG " + wrong + " EXCEPTIONS " + exceptions + " OUTCOME-UNKNOWN " + outcomeUnknown
          + " LONGEST-MS " + longestCallMillis;
    }

    /** Reads {@link #line()} back, with the wrong answers reported on the lines after it. */
    static Tally parse(String line, List<String> wrongAnswers) {
      if (!line.startsWith(PREFIX)) {
        throw new IllegalArgumentException("not a model tally: " + line);
      }
      String[] words = line.split(" ");
      return new Tally(Long.parseLong(words[2]), Long.parseLong(words[4]), Long.parseLong(words[6]),
          Long.parseLong(words[8]), Long.parseLong(words[10]), List.copyOf(wrongAnswers));
    }

    /** For the test's output: "n calls checked, w wrong, e exceptions (u outcome unknown), longest call m ms". */
    String summary() {
      return calls + " calls checked, " + wrong + " wrong, " + exceptions + " exceptions (" + outcomeUnknown
          + " outcome unknown), longest call " + longestCallMillis + " ms";
    }
  }

  /** Wrong answers described in full per model; the counts go on. */
  private static final int DESCRIBED_WRONG_ANSWERS = 3;
  /** Events kept per key, to describe the sequence that led to a wrong answer. */
  private static final int HISTORY = 12;
  private static final String OUTCOME_UNKNOWN = "outcome unknown";
  /**
   * How far behind its master a replica may be at the kill. Replication on loopback lags by
   * microseconds to a few milliseconds; a second covers a 2-core machine under load with room.
   */
  static final long REPLICATION_LAG_MILLIS = 1_000;
  /** Calls remembered per key for a kill, at most: the last second of calls fits easily. */
  private static final int CALLS_KEPT = 4_096;

  /** Kills announced to this JVM: how many, and the wall-clock time (ms) of the latest. */
  private static final java.util.concurrent.atomic.AtomicLong KILLS = new java.util.concurrent.atomic.AtomicLong();
  private static volatile long lastKillMillis;

  /** A call that returned at {@code returnedMillis} (wall clock) on a key that might then hold {@code before}. */
  private record Call(long returnedMillis, Set<String> before) {
  }

  private final Map<String, Deque<Call>> calls = new HashMap<>();
  private long killsSeen = KILLS.get();

  private final Map<String, Set<String>> possible = new HashMap<>();
  private final Map<String, Deque<String>> history = new HashMap<>();
  private final List<String> liveKeys;
  private final long startNanos = System.nanoTime();
  private long callCount;
  private long wrong;
  private long exceptions;
  private long outcomeUnknown;
  private long longestCallNanos;
  private final List<String> wrongAnswers = new ArrayList<>();

  /** A model of {@code keys}, all absent (the test's namespace is new). */
  KeyModel(List<String> keys) {
    this.liveKeys = new ArrayList<>(keys);
    for (String key : keys) {
      possible.put(key, setOf((String) null));
      history.put(key, new ArrayDeque<>());
      calls.put(key, new ArrayDeque<>());
    }
  }

  /**
   * The keys still checked: a key is dropped after a wrong answer on it, since the model no longer
   * knows what it holds (and one fault should be reported once, not on every later call).
   */
  List<String> liveKeys() {
    return liveKeys;
  }

  /** The values {@code key} may hold now (null: absent). */
  Set<String> possibleValues(String key) {
    return possible.get(key);
  }

  /** Runs a call on one key and checks its answer. */
  void check(String call, String key, Semantics semantics, Supplier<Object> run) {
    checkAll(call, List.of(key), semantics, () -> {
      Object answer = run.get();
      return k -> answer;
    });
  }

  /**
   * Runs a call on several keys and checks its answer for each: {@code run} returns the answer
   * for a key (e.g. the value {@code getAll} returned for it).
   */
  void checkAll(String call, Collection<String> keys, Semantics semantics, Supplier<Function<String, Object>> run) {
    widenForKills();
    this.callCount++;
    Map<String, Set<String>> before = new HashMap<>();
    for (String key : keys) {
      before.put(key, new LinkedHashSet<>(nullSafe(possible.get(key)))); // may hold null: no Set.copyOf
    }
    long started = System.nanoTime();
    Function<String, Object> answers;
    RuntimeException failure = null;
    try {
      answers = run.get();
    } catch (RuntimeException e) {
      answers = null;
      failure = e;
    }
    long took = System.nanoTime() - started;
    long returned = System.currentTimeMillis();
    before.forEach((key, values) -> rememberCall(key, new Call(returned, values)));
    longestCallNanos = Math.max(longestCallNanos, took);
    String described = call + " (" + TimeUnit.NANOSECONDS.toMillis(took) + " ms)";
    if (failure == null) {
      for (String key : keys) {
        answered(described, key, semantics, answers.apply(key));
      }
    } else if (failure instanceof EntryProcessorException) {
      // the increment processor fails only on a value that is no counter, which no call wrote
      wrongAnswer(described, keys, "the entry processor failed: " + failure);
    } else if (failure instanceof CacheException e) {
      threw(described, keys, semantics, e);
    } else {
      wrongAnswer(described, keys, "threw " + failure + " (not a CacheException)");
    }
  }

  Tally tally() {
    return new Tally(callCount, wrong, exceptions, outcomeUnknown, TimeUnit.NANOSECONDS.toMillis(longestCallNanos),
        List.copyOf(wrongAnswers));
  }

  /**
   * Announces to every model of this JVM that a master was killed at {@code killedAtMillis} (wall
   * clock); each model widens its keys before its next call.
   */
  static void masterLost(long killedAtMillis) {
    lastKillMillis = killedAtMillis;
    KILLS.incrementAndGet();
  }

  /** Applies kills announced since the last call: see the class comment. */
  private void widenForKills() {
    long kills = KILLS.get();
    if (kills == killsSeen) {
      return;
    }
    killsSeen = kills;
    long since = lastKillMillis - REPLICATION_LAG_MILLIS;
    for (String key : liveKeys) {
      Set<String> widened = new LinkedHashSet<>(possible.get(key));
      for (Call call : calls.get(key)) {
        if (call.returnedMillis() >= since) {
          widened.addAll(call.before());
        }
      }
      if (!widened.equals(possible.get(key))) {
        possible.put(key, widened);
        remember(key, "a master was killed: writes of its last " + REPLICATION_LAG_MILLIS
            + " ms may be lost; may hold " + render(widened));
      }
    }
  }

  private void rememberCall(String key, Call call) {
    Deque<Call> kept = calls.get(key);
    if (kept == null) {
      return;
    }
    while (!kept.isEmpty() && (kept.size() >= CALLS_KEPT
        || kept.peekFirst().returnedMillis() < call.returnedMillis() - 10 * REPLICATION_LAG_MILLIS)) {
      kept.removeFirst();
    }
    kept.addLast(call);
  }

  private static Set<String> nullSafe(Set<String> values) {
    return values == null ? Set.of() : values;
  }

  private void answered(String call, String key, Semantics semantics, Object answer) {
    Set<String> before = possible.get(key);
    Set<String> after = new LinkedHashSet<>();
    for (String value : before) {
      Effect effect = semantics.on(key, value);
      if (Objects.equals(effect.answer(), answer)) {
        after.add(effect.after());
      }
    }
    if (after.isEmpty()) {
      wrongAnswer(call, List.of(key), "answered " + render(answer) + " but the key may hold only " + render(before));
      return;
    }
    possible.put(key, after);
    remember(key, call + " -> " + render(answer) + "; may hold " + render(after));
  }

  /**
   * A call that threw may or may not have been applied (a read leaves the values as they were, so
   * its failure changes nothing): the key may hold what it held or what the call would have made of it.
   */
  private void threw(String call, Collection<String> keys, Semantics semantics, CacheException e) {
    exceptions++;
    boolean unknown = String.valueOf(e.getMessage()).contains(OUTCOME_UNKNOWN);
    if (unknown) {
      outcomeUnknown++;
    }
    for (String key : keys) {
      Set<String> after = new LinkedHashSet<>();
      for (String value : possible.get(key)) {
        after.add(value);
        after.add(semantics.on(key, value).after());
      }
      possible.put(key, after);
      remember(key, call + " threw" + (unknown ? " (outcome unknown)" : "") + "; may hold " + render(after));
    }
  }

  private void wrongAnswer(String call, Collection<String> keys, String what) {
    wrong++;
    StringBuilder sequence = new StringBuilder();
    for (String key : keys) {
      sequence.append(" | history of ").append(key).append(": ").append(String.join(" ; ", history.get(key)));
      liveKeys.remove(key);
    }
    if (wrongAnswers.size() < DESCRIBED_WRONG_ANSWERS) {
      // one line each: the worker protocol sends them line by line
      wrongAnswers.add(("at " + elapsedMillis() + " ms: " + call + " " + what + sequence).replace('\n', ' '));
    }
  }

  private void remember(String key, String event) {
    Deque<String> events = history.get(key);
    if (events.size() == HISTORY) {
      events.removeFirst();
    }
    events.addLast(elapsedMillis() + " ms " + event);
  }

  private long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static Set<String> setOf(String value) {
    Set<String> set = new LinkedHashSet<>();
    set.add(value);
    return set;
  }

  private static String render(Object answer) {
    if (answer instanceof Set<?> values) {
      return values.stream().map(KeyModel::render).collect(Collectors.joining(", ", "{", "}"));
    }
    return answer == null ? "absent/null" : String.valueOf(answer);
  }
}
