package dev.strata.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of one cache, at the level of encoded bytes: each method is one script call on
 * one segment (bulk methods: one call per segment involved, sent as one pipeline per Redis node). It knows nothing of
 * Java types, listeners or statistics; the cache layer above decodes and reacts to the results.
 */
public final class RemoteStore {

  /** TTL argument: keep the current expiry. */
  public static final long TTL_UNCHANGED = -1;
  /** TTL argument: never expire. */
  public static final long TTL_ETERNAL = -2;

  /** {@link #put} mode: always write. */
  public static final byte[] MODE_PUT = {'P'};
  /** {@link #put} mode: write only if absent. */
  public static final byte[] MODE_IF_ABSENT = {'A'};
  /** {@link #put} mode: write only if present. */
  public static final byte[] MODE_IF_PRESENT = {'R'};
  /** {@link #put} and {@link #remove} mode: act only if the current value equals the expected one. */
  public static final byte[] MODE_IF_EQUAL = {'C'};
  /** {@link #remove} mode: remove unconditionally. */
  public static final byte[] MODE_REMOVE = {'R'};

  /** Version of an absent entry, for {@link #commit}. */
  public static final String ABSENT_VERSION = "0";

  private static final byte[] EMPTY = new byte[0];

  private final ScriptExecutor executor;
  private final KeyLayout layout;
  private final byte[] publishMode;
  private final byte[][] channels;
  private final byte[][] headers;
  private volatile StoreObserver observer = StoreObserver.NONE;

  /** Creates the store of one cache. */
  public RemoteStore(ScriptExecutor executor, KeyLayout layout, String senderId) {
    this.executor = executor;
    this.layout = layout;
    this.publishMode = new byte[] {(byte) (layout.shardedChannels() ? 'S' : 'P')};
    this.channels = new byte[layout.segments().size()][];
    this.headers = new byte[layout.segments().size()][];
    for (SegmentKeys s : layout.segments()) {
      channels[s.index()] = layout.channelOf(s).getBytes(StandardCharsets.UTF_8);
      headers[s.index()] = ChannelMessage.header(senderId, layout.cacheName(), s.index());
    }
  }

  /** Installs the observer told about every reply and failure (the near cache). */
  public void observe(StoreObserver observer) {
    this.observer = observer == null ? StoreObserver.NONE : observer;
  }

  /** The executor that sends this store's scripts. */
  public ScriptExecutor executor() {
    return executor;
  }

  /** The key layout of this cache. */
  public KeyLayout layout() {
    return layout;
  }

  /** get.lua: reply {value, remaining ms or -1 when it never expires}. */
  public ScriptResult get(byte[] key, long accessTtl) {
    return run(Script.GET, layout.segmentOf(key), key, key, num(accessTtl));
  }

  /** contains.lua: reply {1|0}. */
  public ScriptResult contains(byte[] key) {
    return run(Script.CONTAINS, layout.segmentOf(key), key, key);
  }

  /** meta.lua on every segment, one pipeline per node: the epoch and sequence of each, indexed by segment. */
  public ScriptResult[] meta() {
    PerSegment calls = new PerSegment(Script.META, false);
    layout.segments().forEach(segment -> calls.add(segment, null, List.of()));
    ScriptResult[] out = new ScriptResult[layout.segments().size()];
    calls.run().forEach((segment, r) -> out[segment.index()] = r);
    return out;
  }

  /** put.lua: reply {written, old value, was present}. */
  public ScriptResult put(byte[] key, byte[] value, byte[] mode, long createTtl, long updateTtl, long accessTtl,
      byte[] expected) {
    return run(Script.PUT, layout.segmentOf(key), key, key, value, mode, num(createTtl), num(updateTtl), num(accessTtl),
        expected == null ? EMPTY : expected);
  }

  /** remove.lua: reply {removed, old value, was present}. */
  public ScriptResult remove(byte[] key, byte[] mode, byte[] expected, long accessTtl) {
    return run(Script.REMOVE, layout.segmentOf(key), key, key, mode, expected == null ? EMPTY : expected, num(accessTtl));
  }

  /** read.lua: reply {value, version}. */
  public ScriptResult read(byte[] key) {
    return run(Script.READ, layout.segmentOf(key), key, key);
  }

  /**
   * commit.lua: applies {@code action} (S set, D delete, T touch) if the entry is still at
   * {@code expectedVersion}; reply {applied, changed}.
   */
  public ScriptResult commit(byte[] key, String expectedVersion, char action, byte[] value, long ttl,
      boolean removedEvent) {
    return run(Script.COMMIT, layout.segmentOf(key), key, key, expectedVersion.getBytes(StandardCharsets.US_ASCII),
        new byte[] {(byte) action}, value == null ? EMPTY : value, num(ttl), removedEvent ? new byte[] {'R'} : EMPTY);
  }

  /** Groups encoded keys by segment, keeping their order inside each group. */
  public Map<SegmentKeys, List<byte[]>> groupBySegment(List<byte[]> keys) {
    Map<SegmentKeys, List<byte[]>> groups = new LinkedHashMap<>();
    for (byte[] k : keys) {
      groups.computeIfAbsent(layout.segmentOf(k), s -> new ArrayList<>()).add(k);
    }
    return groups;
  }

  /** get_all.lua for each segment group: one pipeline per node, all sent before any reply is awaited. */
  public Map<SegmentKeys, ScriptResult> getAll(Map<SegmentKeys, List<byte[]>> groups, long accessTtl) {
    PerSegment calls = new PerSegment(Script.GET_ALL, true);
    groups.forEach((segment, keys) -> {
      List<byte[]> args = new ArrayList<>(keys.size() + 1);
      args.add(num(accessTtl));
      args.addAll(keys);
      calls.add(segment, keys, args);
    });
    return calls.run();
  }

  /** put_all.lua for each segment group of key/value pairs (flattened k1, v1, k2, v2...). */
  public Map<SegmentKeys, ScriptResult> putAll(Map<SegmentKeys, List<byte[]>> pairsBySegment, long createTtl,
      long updateTtl) {
    PerSegment calls = new PerSegment(Script.PUT_ALL, true);
    pairsBySegment.forEach((segment, pairs) -> {
      List<byte[]> args = new ArrayList<>(pairs.size() + 2);
      args.add(num(createTtl));
      args.add(num(updateTtl));
      args.addAll(pairs);
      calls.add(segment, evenItems(pairs), args);
    });
    return calls.run();
  }

  /** remove_all.lua for each segment group. */
  public Map<SegmentKeys, ScriptResult> removeAll(Map<SegmentKeys, List<byte[]>> groups) {
    PerSegment calls = new PerSegment(Script.REMOVE_ALL, true);
    groups.forEach((segment, keys) -> calls.add(segment, keys, keys));
    return calls.run();
  }

  /** scan.lua: one page of a segment; reply {next cursor, key, value, version, ...}. */
  public ScriptResult scan(SegmentKeys segment, String cursor, int pageSize, long accessTtl) {
    return run(Script.SCAN, segment, null, cursor.getBytes(StandardCharsets.US_ASCII), num(pageSize), num(accessTtl));
  }

  /** clear.lua on every segment. */
  public void clear() {
    forEverySegment(Script.CLEAR);
  }

  /** destroy.lua on every segment: no key of this cache is left in Redis. */
  public void destroy() {
    forEverySegment(Script.DESTROY);
  }

  /** lease.lua on every segment: messages carry values for the next {@code millis} ms. */
  public void leaseListeners(long millis) {
    PerSegment calls = new PerSegment(Script.LEASE, false);
    layout.segments().forEach(segment -> calls.add(segment, null, List.of(num(millis))));
    calls.run();
  }

  /** sweep.lua on one segment; reply {removed, still due}. */
  public ScriptResult sweep(SegmentKeys segment, int limit) {
    return run(Script.SWEEP, segment, null, num(limit));
  }

  private void forEverySegment(Script script) {
    PerSegment calls = new PerSegment(script, true);
    layout.segments().forEach(segment -> calls.add(segment, null, List.of()));
    calls.run();
  }

  /**
   * Calls of one script on several segments, sent by {@link ScriptExecutor#runGrouped} as one
   * pipeline per node; when {@code observed}, the observer hears each reply or failure.
   */
  private final class PerSegment {
    private final Script script;
    private final boolean observed;
    private final List<ScriptExecutor.Call> calls = new ArrayList<>();
    private final List<List<byte[]>> keys = new ArrayList<>();

    PerSegment(Script script, boolean observed) {
      this.script = script;
      this.observed = observed;
    }

    void add(SegmentKeys segment, List<byte[]> segmentKeys, List<byte[]> args) {
      calls.add(new ScriptExecutor.Call(script, segment, withPrelude(segment, args)));
      keys.add(segmentKeys);
    }

    Map<SegmentKeys, ScriptResult> run() {
      List<CompletableFuture<ScriptResult>> replies = executor.runGrouped(calls);
      Map<SegmentKeys, CompletableFuture<ScriptResult>> futures = new LinkedHashMap<>();
      StoreObserver o = observed ? observer : StoreObserver.NONE;
      for (int i = 0; i < calls.size(); i++) {
        futures.put(calls.get(i).segment(), observe(o, calls.get(i).segment(), keys.get(i), replies.get(i)));
      }
      return joinAll(script, futures);
    }
  }

  /** Runs a script on one key (or, with {@code key == null}, on the segment as a whole). */
  private ScriptResult run(Script script, SegmentKeys segment, byte[] key, byte[]... args) {
    return executor.join(script, runAsync(script, segment, key == null ? null : List.of(key), List.of(args)));
  }

  /** Runs a script; the observer hears its reply or failure before the returned future completes. */
  private CompletableFuture<ScriptResult> runAsync(Script script, SegmentKeys segment, List<byte[]> keys,
      List<byte[]> args) {
    return observe(observer, segment, keys, executor.runAsync(script, segment, withPrelude(segment, args)));
  }

  /** The future of a reply that {@code o} hears about before the caller does. */
  private static CompletableFuture<ScriptResult> observe(StoreObserver o, SegmentKeys segment, List<byte[]> keys,
      CompletableFuture<ScriptResult> future) {
    if (o == StoreObserver.NONE) {
      return future;
    }
    return future.whenComplete((reply, error) -> {
      if (error == null) {
        o.replied(segment, reply);
      } else {
        o.failed(segment, keys);
      }
    });
  }

  private static List<byte[]> evenItems(List<byte[]> pairs) {
    List<byte[]> keys = new ArrayList<>(pairs.size() / 2);
    for (int i = 0; i < pairs.size(); i += 2) {
      keys.add(pairs.get(i));
    }
    return keys;
  }

  private byte[][] withPrelude(SegmentKeys segment, List<byte[]> args) {
    byte[][] all = new byte[args.size() + 3][];
    all[0] = publishMode;
    all[1] = channels[segment.index()];
    all[2] = headers[segment.index()];
    for (int i = 0; i < args.size(); i++) {
      all[i + 3] = args.get(i);
    }
    return all;
  }

  private Map<SegmentKeys, ScriptResult> joinAll(Script script, Map<SegmentKeys, CompletableFuture<ScriptResult>> futures) {
    Map<SegmentKeys, ScriptResult> results = new LinkedHashMap<>();
    RuntimeException first = null;
    for (Map.Entry<SegmentKeys, CompletableFuture<ScriptResult>> e : futures.entrySet()) {
      try {
        results.put(e.getKey(), executor.join(script, e.getValue()));
      } catch (RuntimeException ex) {
        // keep waiting for the others so that no reply is left behind; report the first failure
        if (first == null) {
          first = ex;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return results;
  }

  private static byte[] num(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
