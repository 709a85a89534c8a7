package dev.strata.jcache.event;

import dev.strata.jcache.near.FaultInjection;
import dev.strata.jcache.store.ChannelMessage;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.cache.CacheException;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the channels that carry a manager's event messages: the namespace's channel, or with
 * sharded channels ({@code SSUBSCRIBE}, Redis 7) every segment channel of every open cache. Every
 * message, this manager's own included, first goes to {@code immediate} on Redisson's I/O thread,
 * in arrival order: near-cache invalidation is quick and must not wait behind listeners. Messages
 * sent by another JVM (or another manager in this JVM) then go to {@code listeners}, one at a time
 * and in arrival order, on a thread of its own so that slow listeners never block Redisson's I/O
 * threads.
 */
public final class ChannelSubscriber implements AutoCloseable {

  private static final long UNSUBSCRIBE_WAIT_MILLIS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscriber.class);

  /** A subscribed channel and the id of our listener on it. */
  private record Subscription(RTopic topic, int listenerId) {
  }

  private final RedissonClient redisson;
  private final String senderId;
  private final BiConsumer<ChannelMessage, Boolean> immediate;
  private final Consumer<ChannelMessage> listeners;
  private final ExecutorService delivery;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  /** Creates a subscriber with no channel yet; see {@link #subscribe}. */
  public ChannelSubscriber(RedissonClient redisson, String senderId, BiConsumer<ChannelMessage, Boolean> immediate,
      Consumer<ChannelMessage> listeners) {
    this.redisson = redisson;
    this.senderId = senderId;
    this.immediate = immediate;
    this.listeners = listeners;
    this.delivery = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "strata-events-" + senderId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Subscribes to every channel of {@code channels} not subscribed yet, all at once; returns when
   * every subscription is active, so nothing published afterwards is missed.
   */
  public synchronized void subscribe(Collection<String> channels, boolean sharded) {
    Map<String, RTopic> topics = new LinkedHashMap<>();
    Map<String, CompletableFuture<Integer>> ids = new LinkedHashMap<>();
    for (String channel : channels) {
      if (subscriptions.containsKey(channel) || topics.containsKey(channel)) {
        continue;
      }
      RTopic topic = sharded ? redisson.getShardedTopic(channel, ByteArrayCodec.INSTANCE)
          : redisson.getTopic(channel, ByteArrayCodec.INSTANCE);
      topics.put(channel, topic);
      ids.put(channel, topic.addListenerAsync(byte[].class, (ch, bytes) -> receive(bytes)).toCompletableFuture());
    }
    RuntimeException failure = null;
    for (Map.Entry<String, CompletableFuture<Integer>> e : ids.entrySet()) {
      try {
        subscriptions.put(e.getKey(), new Subscription(topics.get(e.getKey()), e.getValue().join()));
      } catch (RuntimeException ex) {
        failure = failure == null ? ex : failure;
      }
    }
    if (failure != null) {
      unsubscribe(ids.keySet());
      throw new CacheException("cannot subscribe to Strata's event channels " + ids.keySet().iterator().next()
          + (ids.size() > 1 ? " and " + (ids.size() - 1) + " more" : "") + ": " + failure.getMessage(), failure);
    }
  }

  /**
   * Unsubscribes from {@code channels}, all at once, waiting at most {@value #UNSUBSCRIBE_WAIT_MILLIS}
   * ms: an unsubscription that Redis does not confirm in time (a slot that moved, a node that is
   * down) must not hold up closing a cache or a manager.
   */
  public synchronized void unsubscribe(Collection<String> channels) {
    List<CompletableFuture<Void>> pending = new java.util.ArrayList<>();
    for (String channel : channels) {
      Subscription s = subscriptions.remove(channel);
      if (s != null) {
        pending.add(s.topic().removeListenerAsync(s.listenerId()).toCompletableFuture());
      }
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(UNSUBSCRIBE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("unsubscribing from {} channels did not complete", pending.size(), e);
    }
  }

  /** The channels subscribed now, as topics one can publish a marker on. */
  public Collection<RTopic> topics() {
    return subscriptions.values().stream().map(Subscription::topic).toList();
  }

  private void receive(byte[] bytes) {
    ChannelMessage message;
    try {
      message = ChannelMessage.decode(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring a malformed message on the Strata event channel", e);
      return;
    }
    if (FaultInjection.drops(message)) {
      return;
    }
    boolean own = message.sender().equals(senderId);
    try {
      immediate.accept(message, own);
    } catch (RuntimeException e) {
      LOG.warn("handling a message for cache {} failed", message.cacheName(), e);
    }
    if (own || message.isMarker()) {
      return; // our own operations delivered their events already, from the script's reply
    }
    try {
      delivery.execute(() -> {
        try {
          listeners.accept(message);
        } catch (RuntimeException e) {
          LOG.warn("handling an event message for cache {} failed", message.cacheName(), e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void close() {
    unsubscribe(List.copyOf(subscriptions.keySet()));
    delivery.shutdown();
    try {
      delivery.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
