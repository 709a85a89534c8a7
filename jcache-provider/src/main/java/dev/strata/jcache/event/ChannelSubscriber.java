package dev.strata.jcache.event;

import dev.strata.jcache.near.FaultInjection;
import dev.strata.jcache.store.ChannelMessage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to a namespace's event channel. Every message, this manager's own included, first goes
 * to {@code immediate} on Redisson's I/O thread, in arrival order: near-cache invalidation is quick
 * and must not wait behind listeners. Messages sent by another JVM (or another manager in this JVM)
 * then go to {@code listeners}, one at a time and in arrival order, on a thread of its own so that
 * slow listeners never block Redisson's I/O threads.
 */
public final class ChannelSubscriber implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscriber.class);

  private final RTopic topic;
  private final String senderId;
  private final ExecutorService delivery;
  private final int listenerId;

  /** Subscribes; returns once the subscription is active. */
  public ChannelSubscriber(RedissonClient redisson, String channel, String senderId,
      BiConsumer<ChannelMessage, Boolean> immediate, Consumer<ChannelMessage> listeners) {
    this.topic = redisson.getTopic(channel, ByteArrayCodec.INSTANCE);
    this.senderId = senderId;
    this.delivery = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "strata-events-" + channel);
      t.setDaemon(true);
      return t;
    });
    this.listenerId = topic.addListener(byte[].class, (ch, bytes) -> receive(bytes, immediate, listeners));
  }

  private void receive(byte[] bytes, BiConsumer<ChannelMessage, Boolean> immediate,
      Consumer<ChannelMessage> listeners) {
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
    try {
      topic.removeListener(listenerId);
    } catch (RuntimeException e) {
      LOG.debug("unsubscribing from the event channel failed", e);
    }
    delivery.shutdown();
    try {
      delivery.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
