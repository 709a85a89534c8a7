package dev.strata.jcache.near;

import dev.strata.jcache.store.ChannelMessage;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.connection.ConnectionEventsHub;
import org.redisson.connection.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for all near caches of one manager, whether they may serve from memory, and runs their
 * periodic check. States:
 * <ul>
 *   <li>{@code CONNECTED}: the subscription delivers; near caches serve and fill.</li>
 *   <li>{@code BYPASS}: a connection to Redis dropped (Redisson reported it, or a check failed):
 *       messages may be lost, so every read goes to Redis.</li>
 *   <li>{@code RECONCILING}: a marker sent to ourselves came back through every subscribed channel
 *       (each subscription delivers again) and each segment's epoch and sequence are being re-read;
 *       nothing read before the disconnect is served again. Then {@code CONNECTED}.</li>
 * </ul>
 * A failed reconciliation returns to {@code BYPASS} and is retried on the next tick.
 */
public final class NearCacheCoordinator implements AutoCloseable {

  /** Whether near caches serve. */
  public enum State {
    /** Serving. */
    CONNECTED,
    /** Not serving: a connection dropped. */
    BYPASS,
    /** Not serving yet: checking what was missed. */
    RECONCILING
  }

  private static final Logger LOG = LoggerFactory.getLogger(NearCacheCoordinator.class);
  private static final long MARKER_WAIT_MILLIS = 2_000;
  private static final long MARKER_REPEAT_MILLIS = 50;

  private final RedissonClient redisson;
  private final Supplier<Collection<RTopic>> channels;
  private final String senderId;
  private final Supplier<Collection<NearCache>> caches;
  private final ScheduledExecutorService timer;
  /** Ends freshness leases on time even while the timer thread waits for Redis. */
  private final ScheduledExecutorService watchdog;
  private final long intervalMillis;
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> markers = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final int connectionListenerId;
  private volatile State state = State.CONNECTED;
  private long disconnects;
  private final java.util.concurrent.atomic.AtomicLong reconciliations = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Starts the periodic check of {@code caches} every {@code intervalMillis} and listens for
   * connection changes of {@code redisson}; {@code channels} are the subscribed event channels a
   * reconciliation sends its markers through.
   */
  public NearCacheCoordinator(RedissonClient redisson, Supplier<Collection<RTopic>> channels, String senderId,
      long intervalMillis, Supplier<Collection<NearCache>> caches) {
    this.redisson = redisson;
    this.channels = channels;
    this.senderId = senderId;
    this.caches = caches;
    this.intervalMillis = intervalMillis;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-near-cache-watchdog-" + senderId);
      t.setDaemon(true);
      return t;
    });
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-near-cache-" + senderId);
      t.setDaemon(true);
      return t;
    });
    this.connectionListenerId = events() == null ? -1 : events().addListener(new ConnectionListener() {
      @Override
      public void onConnect(InetSocketAddress addr) {
        requestReconcile();
      }

      @Override
      public void onDisconnect(InetSocketAddress addr) {
        disconnected("connection to " + addr + " lost");
      }
    });
    timer.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    long watch = Math.max(5, intervalMillis / 5);
    watchdog.scheduleAtFixedRate(this::watch, watch, watch, TimeUnit.MILLISECONDS);
  }

  /** The periodic check's interval; a near cache serves only while a check succeeded within two. */
  public long intervalMillis() {
    return intervalMillis;
  }

  private void watch() {
    try {
      long now = System.nanoTime();
      for (NearCache cache : caches.get()) {
        cache.expireFreshness(now);
      }
    } catch (RuntimeException e) {
      LOG.debug("near-cache watchdog failed", e);
    }
  }

  /** Whether near caches may serve from memory and install fills. */
  public boolean serving() {
    return state == State.CONNECTED;
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /** How many reconciliations completed (each one ended a bypass). */
  public long reconciliations() {
    return reconciliations.get();
  }

  /** A marker this manager sent came back through the channel. */
  public void onMarker(ChannelMessage marker) {
    CompletableFuture<Void> f = markers.get(marker.sequence());
    if (f != null) {
      f.complete(null);
    }
  }

  /** Runs housekeeping work off the caller's thread. */
  void background(Runnable task) {
    try {
      timer.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.debug("near-cache housekeeping failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void disconnected(String why) {
    synchronized (lock) {
      disconnects++;
      if (state != State.BYPASS) {
        LOG.info("near caches bypassed: {}", why);
      }
      state = State.BYPASS;
    }
  }

  private void requestReconcile() {
    if (state != State.CONNECTED) {
      background(this::reconcile);
    }
  }

  private void tick() {
    if (state != State.CONNECTED) {
      reconcile();
      return;
    }
    try {
      for (NearCache cache : caches.get()) {
        cache.check(false);
      }
    } catch (RuntimeException e) {
      disconnected("periodic check failed: " + e.getMessage());
    }
  }

  private void reconcile() {
    long seen;
    synchronized (lock) {
      if (state == State.CONNECTED) {
        return;
      }
      seen = disconnects;
      state = State.RECONCILING;
    }
    boolean ok = false;
    try {
      awaitMarkers();
      for (NearCache cache : caches.get()) {
        cache.check(true);
      }
      ok = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("near-cache reconciliation failed; retrying on the next check", e);
    }
    synchronized (lock) {
      if (ok && disconnects == seen) {
        state = State.CONNECTED;
        reconciliations.incrementAndGet();
        LOG.info("near caches serving again after reconciliation");
      } else {
        state = State.BYPASS;
      }
    }
  }

  /**
   * Publishes a marker on every subscribed channel until each came back: a marker published before
   * Redisson finished resubscribing is lost, so the missing ones are repeated every
   * {@value #MARKER_REPEAT_MILLIS} ms.
   */
  private void awaitMarkers() throws Exception {
    Map<RTopic, Long> pending = new HashMap<>();
    for (RTopic topic : channels.get()) {
      long nonce = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      markers.put(nonce, new CompletableFuture<>());
      pending.put(topic, nonce);
    }
    List<Long> nonces = List.copyOf(pending.values());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MARKER_WAIT_MILLIS);
    try {
      while (!pending.isEmpty()) {
        pending.forEach((topic, nonce) -> topic.publishAsync(ChannelMessage.marker(senderId, nonce)));
        try {
          CompletableFuture.allOf(pending.values().stream().map(markers::get).toArray(CompletableFuture[]::new))
              .get(MARKER_REPEAT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException(pending.size() + " event channels did not deliver our marker in "
                + MARKER_WAIT_MILLIS + " ms");
          }
        }
        pending.values().removeIf(nonce -> markers.get(nonce).isDone());
      }
    } finally {
      nonces.forEach(markers::remove);
    }
  }

  private ConnectionEventsHub events() {
    return redisson instanceof Redisson r ? r.getServiceManager().getConnectionEventsHub() : null;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    watchdog.shutdownNow();
    ConnectionEventsHub hub = events();
    if (hub != null && connectionListenerId != -1) {
      hub.removeListener(connectionListenerId);
    }
  }
}
