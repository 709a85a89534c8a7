package dev.strata.jcache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.management.NearCacheMetrics;
import dev.strata.jcache.store.ChannelMessage;
import dev.strata.jcache.store.KeyLayout;
import dev.strata.jcache.store.RawEvent;
import dev.strata.jcache.store.ReadReply;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.ScriptResult;
import dev.strata.jcache.store.SegmentKeys;
import dev.strata.jcache.store.StoreObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The in-JVM copy of one cache's hot entries (Caffeine), kept coherent with Redis:
 * <ul>
 *   <li>a miss puts a unique placeholder before reading Redis, and the answer is installed only by
 *       replacing that placeholder, so an invalidation that arrives while the read is in flight
 *       wins; concurrent misses of a key share the one read;</li>
 *   <li>this JVM's own writes change the near cache only after Redis answered ({@link StoreObserver});
 *   <li>other JVMs' writes arrive as channel messages carrying epoch and sequence number per segment;
 *       {@link SegmentState} turns lost messages, clears, flushes and failovers into entries that are
 *       no longer served;</li>
 *   <li>an entry never outlives its remote expiry (remaining time measured by Redis, counted down on
 *       this JVM's monotonic clock) nor the configured maximum age;</li>
 *   <li>freshness lease: entries are served only while a periodic check of every segment succeeded
 *       within two check intervals; a client that is cut off (a partition it cannot see) stops
 *       serving within that bound and reads through, and what it held before is not served again.</li>
 * </ul>
 * Nothing is served while the {@link NearCacheCoordinator} is not connected.
 */
public final class NearCache implements StoreObserver {

  /** Fixed per-entry overhead added to key and value bytes when the near cache is bounded by bytes. */
  static final int ENTRY_OVERHEAD = 96;
  private static final long FILL_WAIT_MILLIS = 30_000;
  private static final long IN_DOUBT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String cacheName;
  private final KeyLayout layout;
  private final RemoteStore store;
  private final NearCacheCoordinator coordinator;
  private final Function<byte[], Object> decoder;
  private final SegmentState[] segments;
  private final Cache<NearKey, NearEntry> entries;
  private final ConcurrentMap<NearKey, NearEntry> map;
  private final long maxAgeNanos;
  private final boolean objectFormat;
  private final boolean cacheOnUpdate;
  private final long freshnessNanos;
  private final long checkDeadlineMillis;
  // hits to hand to Redis for an LRU or LFU bound; null when the cache's policy ignores reads
  private final ReadRecorder reads;
  /** When the last successful check was sent ({@link System#nanoTime}). */
  private volatile long confirmedAt;
  /** Whether that was recent enough to serve; cleared by the coordinator's watchdog. */
  private volatile boolean fresh;
  /** Keys of own writes that failed (they may still be applied), with when they failed. */
  private final ConcurrentMap<NearKey, Long> inDoubt = new java.util.concurrent.ConcurrentHashMap<>();
  private NearCacheMetrics metrics;
  /** Reads counted per key until admission ({@code admit-after} > 1), else null. */
  private final com.github.benmanes.caffeine.cache.Cache<NearKey, java.util.concurrent.atomic.AtomicInteger> candidates;
  private final int admitAfter;
  /** Keys kept in the shared sketch of hot keys; 0: fills are not counted. */
  private final int hotKeep;

  /**
   * Creates the near cache and reads each segment's epoch and sequence once, so that it can serve.
   *
   * @param decoder turns encoded values into objects
   * @param shareValues whether hits may share one decoded value (the cache is store-by-reference,
   *     or the settings ask for the object format)
   * @param metrics creates the metrics once the near cache can report its size
   */
  public NearCache(String cacheName, NearCacheSettings settings, RemoteStore store, NearCacheCoordinator coordinator,
      Function<byte[], Object> decoder, boolean shareValues, Function<NearCache, NearCacheMetrics> metrics) {
    this.cacheName = cacheName;
    this.layout = store.layout();
    this.store = store;
    this.reads = store.bound().policy().recordsReads() ? new ReadRecorder() : null;
    this.coordinator = coordinator;
    this.decoder = decoder;
    this.maxAgeNanos = settings.maxAge().toNanos();
    this.objectFormat = shareValues || settings.format() == NearCacheSettings.Format.OBJECT;
    this.freshnessNanos = TimeUnit.MILLISECONDS.toNanos(2 * coordinator.intervalMillis());
    this.checkDeadlineMillis = coordinator.intervalMillis();
    this.cacheOnUpdate = settings.onUpdate() == NearCacheSettings.OnUpdate.CACHE;
    this.segments = new SegmentState[layout.segments().size()];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = new SegmentState();
    }
    // maintenance (evictions, expiry) runs on the thread that wrote, in Caffeine's amortized
    // batches: handing it to the common pool costs a thread wake-up per write, which on a small
    // machine took more CPU than the maintenance itself (measured: ~10 us per operation of a
    // cache whose near cache mostly misses)
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run);
    if (settings.maxBytes() > 0) {
      builder.maximumWeight(settings.maxBytes()).weigher((NearKey k, NearEntry e) -> e.weight());
    } else {
      builder.maximumSize(settings.maxEntries());
    }
    this.entries = builder.expireAfter(new EntryExpiry())
        .evictionListener((NearKey k, NearEntry e, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE && e instanceof NearEntry.Stored && this.metrics != null) {
            this.metrics.eviction();
          }
        })
        .build();
    this.map = entries.asMap();
    this.admitAfter = settings.admitAfter();
    this.hotKeep = settings.warmOnStart() == 0 ? 0 : Math.max(1_000, 4 * settings.warmOnStart());
    // bounded like the near cache itself, a few times over: a key read once and never again is
    // forgotten instead of being counted forever
    this.candidates = admitAfter <= 1 ? null : Caffeine.newBuilder().executor(Runnable::run)
        .maximumSize(4 * Math.max(settings.maxEntries(), 10_000)).expireAfterWrite(settings.maxAge())
        .<NearKey, java.util.concurrent.atomic.AtomicInteger>build();
    this.metrics = metrics.apply(this);
    // the first check is part of creating the cache: as patient as any call
    check(false, false);
  }

  /** The coordinator that decides whether this near cache serves. */
  public NearCacheCoordinator coordinator() {
    return coordinator;
  }

  /** The near cache's metrics. */
  public NearCacheMetrics metrics() {
    return metrics;
  }

  // ------------------------------------------------------------------------------------- reads

  /** The value of {@code key} if it can be served from memory (counted as a near hit), else null. */
  public Object lookup(byte[] key) {
    if (!fresh || !coordinator.serving()) {
      return null;
    }
    // Caffeine itself never returns an entry past its deadline, so only the segment rules are checked
    NearKey nk = new NearKey(key);
    NearEntry e = entries.getIfPresent(nk);
    if (e instanceof NearEntry.Stored s && segments[s.segment()].serves(s.generation(), s.readSeq())) {
      metrics.hit();
      if (reads != null) {
        reads.record(nk);
      }
      return s.decoded() ? s.value() : decoder.apply((byte[]) s.value());
    }
    return null;
  }

  /**
   * The entry of {@code key} while Redis is unavailable, if this near cache was last confirmed
   * coherent with Redis (its last successful check) at most {@code maxStaleNanos} ago and nothing
   * since said the entry changed; null otherwise. Only the fallback of an opted-in cache
   * ({@code serve-stale}) calls it, after a remote read failed.
   */
  public Object lookupStale(byte[] key, long maxStaleNanos) {
    if (maxStaleNanos <= 0 || System.nanoTime() - confirmedAt > maxStaleNanos) {
      return null;
    }
    NearEntry e = entries.getIfPresent(new NearKey(key));
    if (e instanceof NearEntry.Stored s && segments[s.segment()].serves(s.generation(), s.readSeq())) {
      metrics.staleServed();
      return s.decoded() ? s.value() : decoder.apply((byte[]) s.value());
    }
    return null;
  }

  /**
   * Reads {@code key} from Redis through {@code remote} after a {@link #lookup} miss, and keeps the
   * answer if nothing invalidated the key meanwhile. A read already in flight for the key is shared.
   *
   * @return the decoded value, or null if absent
   */
  public Object fill(byte[] key, Supplier<FillResult> remote) {
    return fill(key, remote, false);
  }

  /** {@link #fill(byte[], Supplier)} that keeps the value whatever {@code admit-after} says ({@code preload}). */
  public Object fillAdmitted(byte[] key, Supplier<FillResult> remote) {
    return fill(key, remote, true);
  }

  private Object fill(byte[] key, Supplier<FillResult> remote, boolean admitted) {
    if (!fresh || !coordinator.serving()) {
      metrics.bypassedRead();
      return decode(remote.get().value());
    }
    metrics.miss();
    NearKey nk = new NearKey(key);
    if (!admitted && candidates != null) {
      java.util.concurrent.atomic.AtomicInteger reads = candidates.get(nk,
          k -> new java.util.concurrent.atomic.AtomicInteger());
      if (reads.incrementAndGet() < admitAfter) {
        return decode(remote.get().value()); // not admitted yet: read through, keep nothing
      }
      candidates.invalidate(nk);
    }
    int segment = layout.segmentOf(key).index();
    SegmentState state = segments[segment];
    NearEntry.Fill mine = new NearEntry.Fill(state.generation());
    NearEntry current = map.compute(nk, (k, e) -> e instanceof NearEntry.Fill f ? f : mine);
    if (current != mine) {
      FillResult shared = ((NearEntry.Fill) current).await(FILL_WAIT_MILLIS);
      return decode((shared != null ? shared : remote.get()).value());
    }
    FillResult r;
    try {
      r = remote.get();
    } catch (RuntimeException e) {
      mine.fail();
      map.remove(nk, mine);
      throw e;
    }
    mine.complete(r);
    FaultInjection.beforeInstall(cacheName, key);
    if (hotKeep > 0 && r.value() != null) {
      store.countHot(key, hotKeep); // the shared sketch other JVMs warm from
    }
    return install(key, nk, mine, segment, r);
  }

  /**
   * Reads {@code keys} from Redis through {@code remote} (one reply per key, in order) and keeps the
   * answers under the same rules as {@link #fill}: a placeholder per key before the read, each
   * answer installed only over its own placeholder. Keys already being read elsewhere are read
   * again but not installed.
   */
  public List<ReadReply> fillAll(List<byte[]> keys, Function<List<byte[]>, List<ReadReply>> remote) {
    if (!fresh || !coordinator.serving()) {
      return remote.apply(keys);
    }
    NearEntry.Fill[] mine = new NearEntry.Fill[keys.size()];
    NearKey[] nks = new NearKey[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      NearKey nk = new NearKey(keys.get(i));
      NearEntry.Fill fill = new NearEntry.Fill(segments[layout.segmentOf(keys.get(i)).index()].generation());
      if (map.compute(nk, (k, e) -> e instanceof NearEntry.Fill f ? f : fill) == fill) {
        mine[i] = fill;
        nks[i] = nk;
      }
    }
    List<ReadReply> replies;
    try {
      replies = remote.apply(keys);
    } catch (RuntimeException e) {
      for (int i = 0; i < mine.length; i++) {
        if (mine[i] != null) {
          mine[i].fail();
          map.remove(nks[i], mine[i]);
        }
      }
      throw e;
    }
    for (int i = 0; i < mine.length; i++) {
      if (mine[i] != null) {
        FillResult r = FillResult.of(replies.get(i));
        mine[i].complete(r);
        metrics.miss();
        install(keys.get(i), nks[i], mine[i], layout.segmentOf(keys.get(i)).index(), r);
      }
    }
    return replies;
  }

  /** Installs a read's answer over its own placeholder if nothing invalidated it; returns the value. */
  private Object install(byte[] key, NearKey nk, NearEntry.Fill mine, int segment, FillResult r) {
    SegmentState state = segments[segment];
    Object value = decode(r.value());
    if (r.value() == null || r.remainingMillis() == 0 || !fresh || !coordinator.serving()
        || !state.accepts(r.epoch(), mine.generation)) {
      map.remove(nk, mine);
      return value;
    }
    long ttl = r.remainingMillis() > 0 ? Math.min(maxAgeNanos, TimeUnit.MILLISECONDS.toNanos(r.remainingMillis()))
        : maxAgeNanos;
    boolean keepDecoded = objectFormat || Immutables.isImmutable(value);
    NearEntry.Stored stored = new NearEntry.Stored(keepDecoded ? value : r.value(), keepDecoded, segment,
        mine.generation, r.sequence(), mine.startNanos + ttl, weight(key, r.value()));
    if (!map.replace(nk, mine, stored)) {
      metrics.staleInstallPrevented();
    }
    return value;
  }

  // ------------------------------------------------------------------------------------- own writes

  /**
   * Installs a value this JVM just wrote (on-update = cache), given the write's reply and the
   * entry's remaining time to live in ms as Redis reported it (-1 never expires). Skipped when a
   * later write of the segment was already seen, since it may concern this key.
   */
  @Override
  public void wrote(byte[] key, byte[] value, ScriptResult reply, long ttlMillis) {
    if (!cacheOnUpdate || !fresh || !coordinator.serving() || ttlMillis == 0) {
      return;
    }
    long start = System.nanoTime();
    int segment = layout.segmentOf(key).index();
    SegmentState state = segments[segment];
    long generation = state.generation();
    if (!state.accepts(reply.epoch(), generation)) {
      return;
    }
    long ttl = ttlMillis > 0 ? Math.min(maxAgeNanos, TimeUnit.MILLISECONDS.toNanos(ttlMillis)) : maxAgeNanos;
    long seq = reply.sequence();
    Object decoded = decoder.apply(value);
    boolean keepDecoded = objectFormat || Immutables.isImmutable(decoded);
    NearEntry.Stored stored = new NearEntry.Stored(keepDecoded ? decoded : value, keepDecoded, segment, generation,
        seq, start + ttl, weight(key, value));
    map.compute(new NearKey(key), (k, current) -> {
      if (state.lastSeq() > seq || state.generation() != generation || current instanceof NearEntry.Fill) {
        return current;
      }
      if (current instanceof NearEntry.Stored s && s.readSeq() > seq) {
        return current;
      }
      return stored;
    });
  }

  @Override
  public void replied(SegmentKeys segment, ScriptResult result) {
    List<RawEvent> events = result.events();
    for (int i = 0; i < events.size(); i++) {
      RawEvent e = events.get(i);
      if (e.type() == 'Z') {
        segments[segment.index()].clearedBySelf(result.sequence(), result.epoch().isEmpty());
        cleanUp(segment.index());
      } else {
        invalidate(e.key(), result.sequence());
      }
    }
  }

  @Override
  public void failed(SegmentKeys segment, List<byte[]> keys) {
    if (keys == null) {
      segments[segment.index()].voidAll();
      cleanUp(segment.index());
      return;
    }
    long now = System.nanoTime();
    for (byte[] k : keys) {
      NearKey nk = new NearKey(k);
      map.remove(nk);
      inDoubt.put(nk, now);
    }
  }

  // ------------------------------------------------------------------------------------- messages and checks

  /** A message about this cache arrived on the channel; {@code own} if this manager sent it. */
  public void onMessage(ChannelMessage message, boolean own) {
    if (message.segment() < 0 || message.segment() >= segments.length) {
      return; // another JVM configured a different segment count; its messages cannot be placed
    }
    boolean cleared = false;
    for (RawEvent e : message.events()) {
      cleared |= e.type() == 'Z';
    }
    SegmentState.Change change = segments[message.segment()].onMessage(message.epoch(), message.sequence(), cleared);
    // own messages too: a write whose call failed (outcome unknown) may be applied later, and
    // its message is then the only news of it; entries read at or after the write are kept. A
    // read in flight is cancelled by an own message only for a key in doubt: any other own write
    // was answered before that read started, so the read sees it
    int n = 0;
    for (RawEvent e : message.events()) {
      if (e.type() != 'Z') {
        if (!own || inDoubt.remove(new NearKey(e.key())) != null) {
          invalidate(e.key(), message.sequence());
        } else {
          invalidateStored(e.key(), message.sequence());
        }
        n++;
      }
    }
    if (!own) {
      metrics.invalidations(n);
    }
    account(message.segment(), change);
  }

  /**
   * Compares every segment with Redis: a periodic check ({@code reconnected == false}) or the
   * reconciliation after a reconnect.
   */
  public void check(boolean reconnected) {
    // a periodic check must answer quickly or count as failed; a reconciliation may take its time
    check(reconnected, !reconnected);
  }

  private void check(boolean reconnected, boolean quick) {
    long started = System.nanoTime();
    SegmentState.Mark[] marks = new SegmentState.Mark[segments.length];
    for (int i = 0; i < segments.length; i++) {
      marks[i] = segments[i].mark();
    }
    ScriptResult[] meta = store.meta(quick, checkDeadlineMillis, reads == null ? Map.of() : reads.drain(layout));
    // after a lapse of the freshness lease messages may have been missed without any sign of a
    // disconnect: nothing read before is trusted, as after a reconnect
    boolean lapsed = !fresh;
    for (int i = 0; i < segments.length; i++) {
      account(i, segments[i].onCheck(marks[i], meta[i].epoch(), meta[i].sequence(), reconnected || lapsed));
    }
    confirmedAt = started;
    fresh = true;
    // a failed write is applied within its deadline or never: keys stay in doubt that long
    inDoubt.values().removeIf(since -> started - since > IN_DOUBT_NANOS);
  }

  /**
   * Stops serving when the last successful check is older than the freshness bound (two check
   * intervals); called by the coordinator's watchdog, which no blocked call can hold up.
   */
  void expireFreshness(long now) {
    if (fresh && now - confirmedAt > freshnessNanos) {
      fresh = false;
      metrics.freshnessLapse();
    }
  }

  private void account(int segment, SegmentState.Change change) {
    switch (change) {
      case GAP -> {
        metrics.gap();
        cleanUp(segment);
      }
      case CLEARED, RESET -> {
        metrics.segmentCleared();
        cleanUp(segment);
      }
      default -> {
      }
    }
  }

  /** Drops a key unless what is held was read at or after {@code seq}. */
  private void invalidate(byte[] key, long seq) {
    map.computeIfPresent(new NearKey(key), (k, e) -> e instanceof NearEntry.Stored s && s.readSeq() >= seq
        && segments[s.segment()].serves(s.generation(), s.readSeq()) ? e : null);
  }

  /** As {@link #invalidate}, but leaves a read in flight alone. */
  private void invalidateStored(byte[] key, long seq) {
    map.computeIfPresent(new NearKey(key), (k, e) -> e instanceof NearEntry.Fill
        || (e instanceof NearEntry.Stored s && s.readSeq() >= seq
        && segments[s.segment()].serves(s.generation(), s.readSeq())) ? e : null);
  }

  /** Frees the memory of entries of a segment that can no longer be served (they are never served meanwhile). */
  private void cleanUp(int segment) {
    coordinator.background(() -> map.values().removeIf(e -> e instanceof NearEntry.Stored s
        && s.segment() == segment && !servable(s)));
  }

  private boolean servable(NearEntry.Stored s) {
    return segments[s.segment()].serves(s.generation(), s.readSeq()) && s.expiresAt() - System.nanoTime() > 0;
  }

  // ------------------------------------------------------------------------------------- inspection

  /** Entries held, reads in flight included. */
  public long size() {
    return entries.estimatedSize();
  }

  /** Approximate bytes held. */
  public long bytes() {
    long total = 0;
    for (NearEntry e : map.values()) {
      total += e.weight();
    }
    return total;
  }

  /**
   * The entries that would be served now, as (encoded key, decoded value) pairs. For tests and
   * diagnostics.
   */
  public List<Map.Entry<byte[], Object>> servableEntries() {
    List<Map.Entry<byte[], Object>> out = new ArrayList<>();
    map.forEach((k, e) -> {
      if (e instanceof NearEntry.Stored s && servable(s)) {
        out.add(Map.entry(k.bytes(), s.decoded() ? s.value() : decoder.apply((byte[]) s.value())));
      }
    });
    return out;
  }

  /** Drops everything and unregisters the metrics; the cache is closing. */
  public void close() {
    store.observe(null);
    entries.invalidateAll();
    metrics.unregister();
  }

  private Object decode(byte[] value) {
    return value == null ? null : decoder.apply(value);
  }

  private static int weight(byte[] key, byte[] value) {
    return key.length + value.length + ENTRY_OVERHEAD;
  }

  /** Stored entries live until their own deadline; placeholders for at most the fill wait. */
  private static final class EntryExpiry implements Expiry<NearKey, NearEntry> {
    @Override
    public long expireAfterCreate(NearKey key, NearEntry entry, long currentTime) {
      if (entry instanceof NearEntry.Stored s) {
        return Math.max(0, s.expiresAt() - currentTime);
      }
      return TimeUnit.MILLISECONDS.toNanos(FILL_WAIT_MILLIS * 2);
    }

    @Override
    public long expireAfterUpdate(NearKey key, NearEntry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(key, entry, currentTime);
    }

    @Override
    public long expireAfterRead(NearKey key, NearEntry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
