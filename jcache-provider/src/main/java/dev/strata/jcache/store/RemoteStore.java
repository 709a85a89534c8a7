package dev.strata.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.cache.CacheException;

/**
 * The Redis side of one cache, at the level of encoded bytes. Every method returns a typed reply
 * and delivers the events of the call in one place before it returns: to the {@link StoreObserver}
 * (the near cache) and to the local listeners. Callers never read script replies by position and
 * cannot forget an event.
 *
 * <p>Single-key methods are one script call (or one {@code HMGET} for caches whose entries never
 * expire); bulk methods are one call per Redis node: one script covering every segment involved on
 * a single server or Sentinel, one per segment pipelined per node on a Redis Cluster (a script may
 * only touch one slot there). Writes carry a request id so that a re-sent request is never applied
 * twice (see {@link ScriptExecutor}).
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

  /** Version token of an absent entry, for {@link #commit}. */
  public static final String ABSENT_VERSION = "0";

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] SEQ_FIELD = "#s".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EPOCH_FIELD = "#e".getBytes(StandardCharsets.US_ASCII);
  /** Near-cache lease: how long it lasts, and below what remainder a check renews it. */
  static final long NEAR_LEASE_MILLIS = 30_000;
  static final long NEAR_LEASE_RENEW_BELOW_MILLIS = 20_000;

  private final ScriptExecutor executor;
  private final KeyLayout layout;
  private final CallFactory calls;
  private final EntryBound bound;
  private volatile LongConsumer evictions = n -> { };
  private volatile StoreObserver observer = StoreObserver.NONE;
  private volatile Consumer<List<RawEvent>> localEvents = events -> { };
  private volatile Consumer<List<RawEvent>> backgroundEvents = events -> { };

  /** Creates the store of an unbounded cache. */
  public RemoteStore(ScriptExecutor executor, KeyLayout layout, String senderId) {
    this(executor, layout, senderId, EntryBound.NONE);
  }

  /** Creates the store of one cache, bounded in Redis as {@code bound} says. */
  public RemoteStore(ScriptExecutor executor, KeyLayout layout, String senderId, EntryBound bound) {
    this.executor = executor;
    this.layout = layout;
    this.bound = bound;
    this.calls = new CallFactory(executor, layout, senderId, bound);
  }

  /** The cache's bound in Redis. */
  public EntryBound bound() {
    return bound;
  }

  /** Installs what is told how many entries this JVM's calls evicted to keep the bound (the statistics). */
  public void countEvictionsWith(LongConsumer evictions) {
    this.evictions = evictions == null ? n -> { } : evictions;
  }

  /** Installs the observer told about every reply and failure (the near cache). */
  public void observe(StoreObserver observer) {
    this.observer = observer == null ? StoreObserver.NONE : observer;
  }

  /**
   * Installs where the events of this JVM's calls go (the cache's listeners): those of the caller's
   * operations, and those of background work (expiry sweeps) whose listener failures nobody can
   * be told about; and whether listeners are registered (then replies carry event values).
   */
  public void deliverEventsTo(Consumer<List<RawEvent>> events, Consumer<List<RawEvent>> background,
      BooleanSupplier listenersRegistered) {
    this.localEvents = events;
    this.backgroundEvents = background;
    calls.listenersRegistered(listenersRegistered);
  }

  /** The executor that sends this store's scripts. */
  public ScriptExecutor executor() {
    return executor;
  }

  /** The key layout of this cache. */
  public KeyLayout layout() {
    return layout;
  }

  // ------------------------------------------------------------------------------------- reads

  /** get.lua: the live value, applying the access TTL; throws {@link CorruptEntryException}. */
  public ReadReply get(byte[] key, long accessTtl) {
    SegmentKeys segment = layout.segmentOf(key);
    ScriptResult r = runOne(Script.GET, segment, List.of(key), false, key, num(accessTtl));
    return readReply(r, 0, segment, "get");
  }

  /**
   * The value of an entry of a cache whose entries never expire, with one {@code HMGET} (and the
   * segment's epoch and sequence when {@code withMeta}); falls back to {@link #get} when the
   * record has an expiry (another JVM configured the cache differently).
   */
  public ReadReply getPlain(byte[] key, boolean withMeta) {
    SegmentKeys segment = layout.segmentOf(key);
    // a failed read changed nothing: no key is in doubt, so the near cache is not told
    List<Object> raw = withMeta ? executor.hmget(segment, layout.cacheName(), key, SEQ_FIELD, EPOCH_FIELD)
        : executor.hmget(segment, layout.cacheName(), (Object) key);
    long seq = withMeta && raw.get(1) != null ? Long.parseLong(ascii(raw.get(1))) : 0;
    String epoch = withMeta && raw.get(2) != null ? ascii(raw.get(2)) : "";
    ReadReply reply = plainReply((byte[]) raw.get(0), epoch, seq, segment, "get");
    return reply != null ? reply : get(key, TTL_UNCHANGED);
  }

  /**
   * The reply for a record read without a script: absent, or its value; null when the record
   * carries an expiry, which only a script can judge (Redis's clock).
   */
  private ReadReply plainReply(byte[] record, String epoch, long seq, SegmentKeys segment, String operation) {
    if (record == null) {
      return new ReadReply(null, -1, epoch, seq);
    }
    Record parsed = Record.parse(record);
    if (parsed == null) {
      throw new CorruptEntryException(operation, layout.cacheName(), segment.entries());
    }
    return parsed.expires() ? null : new ReadReply(parsed.value(), -1, epoch, seq);
  }

  /** contains.lua: whether a live (or unreadable) entry exists. */
  public boolean contains(byte[] key) {
    return runOne(Script.CONTAINS, layout.segmentOf(key), List.of(key), false, key).number(0) == 1;
  }

  /**
   * get_all.lua: the entries of {@code keys} (one reply per key, in order; value null when absent),
   * applying the access TTL; throws {@link CorruptEntryException} when one of them is unreadable.
   */
  public List<ReadReply> getAll(List<byte[]> keys, long accessTtl) {
    Map<SegmentKeys, List<byte[]>> groups = groupBySegment(keys);
    Map<SegmentKeys, ScriptResult> replies = runBulk(Script.GET_ALL, groups, false,
        (segment, segmentKeys, args) -> {
          args.add(num(accessTtl));
          args.addAll(segmentKeys);
        });
    Map<KeyRef, ReadReply> byKey = new LinkedHashMap<>();
    groups.forEach((segment, segmentKeys) -> {
      ScriptResult r = replies.get(segment);
      for (int i = 0; i < segmentKeys.size(); i++) {
        byKey.put(new KeyRef(segmentKeys.get(i)), readReply(r, 3 * i, segment, "getAll"));
      }
    });
    List<ReadReply> out = new ArrayList<>(keys.size());
    keys.forEach(k -> out.add(byKey.get(new KeyRef(k))));
    return out;
  }

  /**
   * The entries of {@code keys} in a cache whose entries never expire: one {@code HMGET} per segment
   * (with the segment's epoch and sequence when {@code withMeta}), one pipeline per node, no
   * script. Records that carry an expiry anyway are read again through {@link #getAll}.
   */
  public List<ReadReply> getAllPlain(List<byte[]> keys, boolean withMeta) {
    Map<SegmentKeys, List<byte[]>> groups = groupBySegment(keys);
    List<SegmentKeys> segments = new ArrayList<>(groups.keySet());
    List<java.util.Set<Object>> fields = new ArrayList<>(segments.size());
    for (SegmentKeys segment : segments) {
      java.util.Set<Object> f = new java.util.LinkedHashSet<>(groups.get(segment));
      if (withMeta) {
        f.add(SEQ_FIELD);
        f.add(EPOCH_FIELD);
      }
      fields.add(f);
    }
    List<Map<Object, Object>> found;
    try {
      found = executor.hmgetAll(segments, fields, layout.cacheName());
    } catch (RuntimeException e) {
      groups.forEach(observer::failed);
      throw e;
    }
    Map<KeyRef, ReadReply> byKey = new java.util.HashMap<>();
    List<byte[]> expiring = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Map<Object, Object> map = found.get(i);
      Object seqBytes = map.get(SEQ_FIELD);
      Object epochBytes = map.get(EPOCH_FIELD);
      long seq = seqBytes == null ? 0 : Long.parseLong(ascii(seqBytes));
      String epoch = epochBytes == null ? "" : ascii(epochBytes);
      for (byte[] k : groups.get(segments.get(i))) {
        ReadReply reply = plainReply((byte[]) map.get(k), epoch, seq, segments.get(i), "getAll");
        if (reply == null) {
          expiring.add(k);
        } else {
          byKey.put(new KeyRef(k), reply);
        }
      }
    }
    if (!expiring.isEmpty()) {
      List<ReadReply> again = getAll(expiring, TTL_UNCHANGED);
      for (int i = 0; i < expiring.size(); i++) {
        byKey.put(new KeyRef(expiring.get(i)), again.get(i));
      }
    }
    List<ReadReply> out = new ArrayList<>(keys.size());
    keys.forEach(k -> out.add(byKey.get(new KeyRef(k))));
    return out;
  }

  /** read.lua: the entry and its version token, for an optimistic update. */
  public Snapshot read(byte[] key) {
    ScriptResult r = runOne(Script.READ, layout.segmentOf(key), List.of(key), false, key);
    return new Snapshot(r.bytes(0), r.text(1));
  }

  /** scan.lua: one page of a segment. */
  public ScanPage scan(SegmentKeys segment, String cursor, int pageSize, long accessTtl) {
    ScriptResult r = runOne(Script.SCAN, segment, null, false, cursor.getBytes(StandardCharsets.US_ASCII),
        num(pageSize), num(accessTtl));
    List<byte[][]> entries = new ArrayList<>((r.size() - 2) / 3);
    for (int i = 2; i + 2 < r.size(); i += 3) {
      entries.add(new byte[][] {r.bytes(i), r.bytes(i + 1), r.bytes(i + 2)});
    }
    return new ScanPage(r.text(0), entries, (int) r.number(1));
  }

  /**
   * match.lua: one page of a segment's encoded keys matching {@code glob} (a Redis glob on the
   * encoded key; empty: every key). Returns the next cursor ("0" at the end) and the keys.
   */
  public KeyPage matchKeys(SegmentKeys segment, String cursor, int pageSize, String glob) {
    ScriptResult r = runOne(Script.MATCH, segment, null, false, cursor.getBytes(StandardCharsets.US_ASCII),
        num(pageSize), glob.getBytes(StandardCharsets.UTF_8));
    List<byte[]> keys = new ArrayList<>(r.size() - 1);
    for (int i = 1; i < r.size(); i++) {
      keys.add(r.bytes(i));
    }
    return new KeyPage(r.text(0), keys);
  }

  /**
   * Whether {@code e}, thrown by a call of this store, says Redis is unavailable (its circuit is
   * open, it did not answer, or the connection failed), as opposed to an answer that was an error.
   */
  public static boolean unavailable(CacheException e) {
    if (e instanceof CircuitBreaker.CircuitOpenException) {
      return true;
    }
    Throwable cause = e.getCause();
    return cause instanceof java.util.concurrent.TimeoutException || cause instanceof CircuitBreaker.CircuitOpenException
        || cause != null && Failures.nodeUnreachable(cause);
  }

  /** Counts a near-cache fill of {@code key} in the cache's shared sketch of hot keys (not waited for). */
  public void countHot(byte[] key, int keep) {
    executor.countHot(layout.hotKeys(), key, keep);
  }

  /** The {@code n} keys near caches filled most recently often, hottest first. */
  public List<byte[]> hottest(int n) {
    return executor.hottest(layout.hotKeys(), n, layout.cacheName());
  }

  /** A page of encoded keys and the cursor of the next page ("0": no more). */
  public record KeyPage(String cursor, List<byte[]> keys) {
  }

  // ------------------------------------------------------------------------------------- writes

  /**
   * put.lua: writes {@code value} as {@code mode} says. With {@code wantOld} the reply carries the
   * old value (conditional modes get it anyway where they compare).
   */
  public WriteReply put(byte[] key, byte[] value, byte[] mode, long createTtl, long updateTtl, long accessTtl,
      byte[] expected, boolean wantOld) {
    return put(key, value, mode, createTtl, updateTtl, accessTtl, expected, null, wantOld);
  }

  /**
   * {@link #put(byte[], byte[], byte[], long, long, long, byte[], boolean)} whose condition also
   * holds when the stored value is {@code expectedAlt}: the same value stored in its other form
   * (compressed or not), or null.
   */
  public WriteReply put(byte[] key, byte[] value, byte[] mode, long createTtl, long updateTtl, long accessTtl,
      byte[] expected, byte[] expectedAlt, boolean wantOld) {
    SegmentKeys segment = layout.segmentOf(key);
    ScriptResult r = runOne(Script.PUT, segment, List.of(key), wantOld, key, value, mode, num(createTtl),
        num(updateTtl), num(accessTtl), expected == null ? EMPTY : expected, expectedAlt == null ? EMPTY : expectedAlt);
    boolean applied = r.number(0) == 1;
    if (applied) {
      observer.wrote(key, value, r, r.number(3));
    }
    return new WriteReply(applied, r.bytes(1), r.number(2) == 1);
  }

  /** remove.lua: removes the entry as {@code mode} says. */
  public WriteReply remove(byte[] key, byte[] mode, byte[] expected, long accessTtl, boolean wantOld) {
    return remove(key, mode, expected, null, accessTtl, wantOld);
  }

  /** {@link #remove(byte[], byte[], byte[], long, boolean)} whose condition also accepts {@code expectedAlt}, or null. */
  public WriteReply remove(byte[] key, byte[] mode, byte[] expected, byte[] expectedAlt, long accessTtl,
      boolean wantOld) {
    ScriptResult r = runOne(Script.REMOVE, layout.segmentOf(key), List.of(key), wantOld, key, mode,
        expected == null ? EMPTY : expected, num(accessTtl), expectedAlt == null ? EMPTY : expectedAlt);
    return new WriteReply(r.number(0) == 1, r.bytes(1), r.number(2) == 1);
  }

  /**
   * commit.lua: applies {@code action} (S set, D delete, T touch) if the entry still has the
   * version token that {@link #read} gave; returns whether it did (false: read again).
   */
  public boolean commit(byte[] key, String expectedVersion, char action, byte[] value, long ttl,
      boolean removedEvent) {
    ScriptResult r = runOne(Script.COMMIT, layout.segmentOf(key), List.of(key), false, key,
        expectedVersion.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) action},
        value == null ? EMPTY : value, num(ttl), removedEvent ? new byte[] {'R'} : EMPTY);
    return r.number(0) == 1;
  }

  /** put_all.lua: writes the entries; returns how many were stored. */
  public long putAll(List<byte[]> keys, List<byte[]> values, long createTtl, long updateTtl) {
    Map<KeyRef, byte[]> valueOf = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      valueOf.put(new KeyRef(keys.get(i)), values.get(i));
    }
    Map<SegmentKeys, ScriptResult> replies = runBulk(Script.PUT_ALL, groupBySegment(keys), true,
        (segment, segmentKeys, args) -> {
          args.add(num(createTtl));
          args.add(num(updateTtl));
          for (byte[] k : segmentKeys) {
            args.add(k);
            args.add(valueOf.get(new KeyRef(k)));
          }
        });
    return sum(replies);
  }

  /**
   * batch.lua: puts ({@code values[i]} not null) and removes ({@code values[i]} null) applied in one
   * script run per Redis node: all or nothing. Each key at most once. On a Redis Cluster the keys
   * must share one segment (a script touches one slot there). Returns {written, removed}.
   */
  public long[] batch(List<byte[]> keys, List<byte[]> values, long createTtl, long updateTtl) {
    Map<KeyRef, byte[]> valueOf = new java.util.HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      valueOf.put(new KeyRef(keys.get(i)), values.get(i));
    }
    Map<SegmentKeys, List<byte[]>> groups = groupBySegment(keys);
    if (executor.clustered() && groups.size() > 1) {
      throw new CacheException("Strata: an atomic batch on cache '" + layout.cacheName() + "' covers "
          + groups.size() + " segments, but on a Redis Cluster a batch must stay within one segment (one slot): "
          + "its keys live in segments " + groups.keySet().stream().map(g -> String.valueOf(g.index())).toList()
          + "; split the batch by segment (StrataCache.segmentOf)");
    }
    Map<SegmentKeys, ScriptResult> replies = runBulk(Script.BATCH, groups, true, (segment, segmentKeys, args) -> {
      args.add(num(createTtl));
      args.add(num(updateTtl));
      for (byte[] k : segmentKeys) {
        byte[] v = valueOf.get(new KeyRef(k));
        args.add(v == null ? new byte[] {'R'} : new byte[] {'P'});
        args.add(k);
        args.add(v == null ? new byte[0] : v);
      }
    });
    long written = 0;
    long removed = 0;
    for (Map.Entry<SegmentKeys, ScriptResult> e : replies.entrySet()) {
      List<byte[]> segmentKeys = groups.get(e.getKey());
      for (int i = 0; i < segmentKeys.size(); i++) {
        long done = e.getValue().number(i);
        if (valueOf.get(new KeyRef(segmentKeys.get(i))) == null) {
          removed += done;
        } else {
          written += done;
        }
      }
    }
    return new long[] {written, removed};
  }

  /** remove_all.lua: removes the entries; returns how many existed. */
  public long removeAll(List<byte[]> keys) {
    return sum(runBulk(Script.REMOVE_ALL, groupBySegment(keys), true,
        (segment, segmentKeys, args) -> args.addAll(segmentKeys)));
  }

  /** clear.lua on every segment. */
  public void clear() {
    runBulk(Script.CLEAR, everySegment(), true, (segment, keys, args) -> { });
  }

  /** destroy.lua on every segment: no key of this cache is left in Redis. */
  public void destroy() {
    runBulk(Script.DESTROY, everySegment(), true, (segment, keys, args) -> { });
  }

  // ------------------------------------------------------------------------------------- housekeeping

  /** lease.lua on every segment: every change publishes a message with values for the next {@code millis} ms. */
  public void leaseListeners(long millis) {
    runBulk(Script.LEASE, everySegment(), false, (segment, keys, args) -> {
      args.add(num(millis));
      args.add(new byte[] {'l'});
    });
  }

  /**
   * meta.lua on every segment, renewing the near-cache lease: each segment's epoch and sequence,
   * indexed by segment. With {@code quick}, within {@code deadlineMillis} and without re-sends (a
   * periodic check wants a quick answer, not a patient one); else as any call. {@code nearHits}
   * hands Redis the near hits of an LRU or LFU cache since the last check: per segment index,
   * encoded keys and hit counts alternating.
   */
  public ScriptResult[] meta(boolean quick, long deadlineMillis, Map<Integer, List<byte[]>> nearHits) {
    Map<SegmentKeys, List<byte[]>> all = everySegment();
    List<SegmentKeys> order = new ArrayList<>(all.keySet());
    List<ScriptExecutor.Call> metaCalls = calls.calls(Script.META, all, false, (segment, keys, args) -> {
      args.add(num(NEAR_LEASE_MILLIS));
      args.add(num(NEAR_LEASE_RENEW_BELOW_MILLIS));
      args.addAll(nearHits.getOrDefault(segment.index(), List.of()));
    });
    List<ScriptExecutor.Outcome> outcomes = quick ? executor.runAll(metaCalls, layout.cacheName(), deadlineMillis, false)
        : executor.runAll(metaCalls, layout.cacheName());
    ScriptResult[] out = new ScriptResult[layout.segments().size()];
    int next = 0;
    for (ScriptExecutor.Outcome o : outcomes) {
      if (o.error() != null) {
        throw o.error();
      }
      for (ScriptResult r : o.replies()) {
        out[order.get(next++).index()] = r;
      }
    }
    return out;
  }

  /** sweep.lua on one segment. */
  public SweepReply sweep(SegmentKeys segment, int limit) {
    ScriptExecutor.Call call = calls.call(Script.SWEEP, List.of(segment), false, List.of(List.of(num(limit))));
    ScriptExecutor.Outcome o = executor.runAll(List.of(call), layout.cacheName()).get(0);
    deliver(List.of(call), List.of(o), null, backgroundEvents);
    ScriptResult r = o.replies().get(0);
    return new SweepReply(r.number(0), r.number(1));
  }

  // ------------------------------------------------------------------------------------- plumbing

  private ScriptResult runOne(Script script, SegmentKeys segment, List<byte[]> keys, boolean wantOld,
      byte[]... args) {
    Map<SegmentKeys, List<byte[]>> one = Map.of(segment, keys == null ? List.of() : keys);
    ScriptExecutor.Call call = calls.call(script, List.of(segment), wantOld, List.of(Arrays.asList(args)));
    ScriptExecutor.Outcome o = executor.runAll(List.of(call), layout.cacheName()).get(0);
    deliver(List.of(call), List.of(o), keys == null ? null : one, localEvents);
    return o.replies().get(0);
  }

  private Map<SegmentKeys, ScriptResult> runBulk(Script script, Map<SegmentKeys, List<byte[]>> groups,
      boolean keyed, CallFactory.SegmentArgs segmentArgs) {
    List<ScriptExecutor.Call> bulk = calls.calls(script, groups, false, segmentArgs);
    List<ScriptExecutor.Outcome> outcomes = executor.runAll(bulk, layout.cacheName());
    deliver(bulk, outcomes, keyed ? groups : null, localEvents);
    Map<SegmentKeys, ScriptResult> out = new LinkedHashMap<>();
    for (int i = 0; i < bulk.size(); i++) {
      List<SegmentKeys> segments = bulk.get(i).segments();
      for (int s = 0; s < segments.size(); s++) {
        out.put(segments.get(s), outcomes.get(i).replies().get(s));
      }
    }
    return out;
  }

  /**
   * Tells the near cache and the local listeners about every reply, the near cache about every
   * failure (its keys are in doubt, or the whole segment when {@code keys} is null), then throws
   * the first failure.
   */
  private void deliver(List<ScriptExecutor.Call> calls, List<ScriptExecutor.Outcome> outcomes,
      Map<SegmentKeys, List<byte[]>> keys, Consumer<List<RawEvent>> events) {
    RuntimeException first = null;
    for (int i = 0; i < calls.size(); i++) {
      ScriptExecutor.Outcome o = outcomes.get(i);
      List<SegmentKeys> segments = calls.get(i).segments();
      for (int s = 0; s < segments.size(); s++) {
        if (o.error() != null) {
          // a failed read changed nothing: near entries stay (and may be served stale if allowed)
          if (calls.get(i).script().changesEntries()) {
            observer.failed(segments.get(s), keys == null ? null : keys.get(segments.get(s)));
          }
        } else {
          ScriptResult r = o.replies().get(s);
          observer.replied(segments.get(s), r);
          if (!r.events().isEmpty()) {
            long evicted = bound.bounded() ? EntryBound.evictionsIn(r.events()) : 0;
            if (evicted > 0) {
              evictions.accept(evicted);
            }
            events.accept(r.events());
          }
        }
      }
      if (o.error() != null && first == null) {
        first = o.error();
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private ReadReply readReply(ScriptResult r, int at, SegmentKeys segment, String operation) {
    String status = r.text(at);
    if (status.equals("C")) {
      throw new CorruptEntryException(operation, layout.cacheName(), segment.entries());
    }
    if (!status.equals("V")) {
      return new ReadReply(null, -1, r.epoch(), r.sequence());
    }
    return new ReadReply(r.bytes(at + 1), r.number(at + 2), r.epoch(), r.sequence());
  }

  /** Groups encoded keys by segment, keeping their order inside each group. */
  private Map<SegmentKeys, List<byte[]>> groupBySegment(List<byte[]> keys) {
    Map<SegmentKeys, List<byte[]>> groups = new LinkedHashMap<>();
    for (byte[] k : keys) {
      groups.computeIfAbsent(layout.segmentOf(k), s -> new ArrayList<>()).add(k);
    }
    return groups;
  }

  private Map<SegmentKeys, List<byte[]>> everySegment() {
    Map<SegmentKeys, List<byte[]>> all = new LinkedHashMap<>();
    layout.segments().forEach(s -> all.put(s, List.of()));
    return all;
  }

  private static long sum(Map<SegmentKeys, ScriptResult> replies) {
    long total = 0;
    for (ScriptResult r : replies.values()) {
      for (int i = 0; i < r.size(); i++) {
        total += r.number(i);
      }
    }
    return total;
  }

  private static String ascii(Object o) {
    return new String((byte[]) o, StandardCharsets.US_ASCII);
  }

  static byte[] num(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /** An encoded key with value equality, for maps. */
  private record KeyRef(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof KeyRef k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
