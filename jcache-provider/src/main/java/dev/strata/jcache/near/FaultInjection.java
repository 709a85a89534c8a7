package dev.strata.jcache.near;

import dev.strata.jcache.store.ChannelMessage;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Hooks that let tests reproduce the races the near cache must survive, deterministically: hold a
 * fill between Redis's answer and its installation, or lose a channel message. Not for production
 * use; nothing is hooked unless a test sets it, and the checks cost one volatile read.
 */
public final class FaultInjection {

  private static volatile BiConsumer<String, byte[]> beforeFillInstall;
  private static volatile Predicate<ChannelMessage> dropMessage;

  private FaultInjection() {
  }

  /**
   * Calls {@code hook} (cache name, encoded key) after a fill's remote read answered and before its
   * result is installed; the hook may block to hold the fill.
   */
  public static void beforeFillInstall(BiConsumer<String, byte[]> hook) {
    beforeFillInstall = hook;
  }

  /** Drops every channel message that {@code drop} accepts, as if Redis had lost it. */
  public static void dropMessages(Predicate<ChannelMessage> drop) {
    dropMessage = drop;
  }

  /** Removes every hook. */
  public static void reset() {
    beforeFillInstall = null;
    dropMessage = null;
  }

  /** Whether a received message must be treated as lost. */
  public static boolean drops(ChannelMessage message) {
    Predicate<ChannelMessage> p = dropMessage;
    return p != null && p.test(message);
  }

  static void beforeInstall(String cacheName, byte[] key) {
    BiConsumer<String, byte[]> hook = beforeFillInstall;
    if (hook != null) {
      hook.accept(cacheName, key);
    }
  }
}
