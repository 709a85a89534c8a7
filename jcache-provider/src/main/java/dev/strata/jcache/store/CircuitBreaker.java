package dev.strata.jcache.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.cache.CacheException;

/**
 * Fails calls at once while a Redis node does not answer, instead of letting every caller wait out
 * its deadline. One circuit per node (the master's address; one for the whole deployment on a
 * single server or Sentinel):
 * <ul>
 *   <li><b>closed</b>: calls go through; {@code failureThreshold} attempts in a row that timed out
 *       or lost their connection open it;
 *   <li><b>open</b>: calls and re-sends to the node fail at once with a {@link CacheException}
 *       that says since when and why; a background PING every {@code probeIntervalMillis} checks
 *       the node, so no user call pays for the check;
 *   <li><b>half-open</b>: the PING was answered; calls go through, the first that succeeds closes
 *       the circuit, the first that fails the same way opens it again.
 * </ul>
 * Error replies (a script error, out of memory, TRYAGAIN during resharding) say the node answers,
 * so they count as successes here.
 */
public final class CircuitBreaker implements AutoCloseable {

  /** A circuit's state. */
  public enum State {
    /** Calls go through. */
    CLOSED,
    /** Calls fail at once. */
    OPEN,
    /** The node answered a PING; calls go through on trial. */
    HALF_OPEN
  }

  /** What the breaker tells the manager's metrics. */
  public interface Listener {
    /** Listens to nothing. */
    Listener NONE = new Listener() {
    };

    /** The circuit of {@code node} changed to {@code state}. */
    default void transition(String node, State state) {
    }

    /** A call to {@code node} was refused while its circuit was open. */
    default void rejected(String node) {
    }
  }

  /** A snapshot of one node's circuit. */
  public record Status(String node, State state, long sinceMillis, String reason) {
  }

  private static final class Circuit {
    volatile State state = State.CLOSED;
    volatile long sinceMillis = System.currentTimeMillis();
    volatile String reason = "";
    int failuresInARow;
  }

  private final int failureThreshold;
  private final long probeIntervalMillis;
  private final Predicate<String> ping;
  private final Listener listener;
  private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
  private final LongAdder rejected = new LongAdder();
  private final ScheduledExecutorService prober;

  /**
   * A breaker; {@code failureThreshold} 0 disables it. {@code ping} answers whether a node (its
   * circuit key) answered a PING in time.
   */
  public CircuitBreaker(int failureThreshold, long probeIntervalMillis, Predicate<String> ping, Listener listener,
      String threadName) {
    this.failureThreshold = failureThreshold;
    this.probeIntervalMillis = probeIntervalMillis;
    this.ping = ping;
    this.listener = listener;
    this.prober = failureThreshold <= 0 ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    if (prober != null) {
      prober.scheduleWithFixedDelay(this::probeOpenCircuits, probeIntervalMillis, probeIntervalMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /** A breaker that never opens. */
  public static CircuitBreaker disabled() {
    return new CircuitBreaker(0, 1, node -> true, Listener.NONE, "unused");
  }

  /** Whether the breaker can open at all. */
  public boolean enabled() {
    return failureThreshold > 0;
  }

  /**
   * Throws at once when {@code node}'s circuit is open: {@code operation} on {@code cacheName}
   * (may be null) is refused with a message that names the node, since when and why.
   */
  public void check(String node, String operation, String cacheName) {
    if (failureThreshold <= 0) {
      return;
    }
    Circuit c = circuits.get(node);
    if (c == null || c.state != State.OPEN) {
      return;
    }
    rejected.increment();
    listener.rejected(node);
    String state = "the circuit breaker for Redis " + node + " is open since " + Instant.ofEpochMilli(c.sinceMillis)
        + " (" + c.reason + ")";
    throw new CircuitOpenException("Strata: " + operation + (cacheName == null ? "" : " on cache '" + cacheName + "'")
        + " refused at once: " + state + "; calls fail fast until the node answers a PING, checked every "
        + probeIntervalMillis + " ms", state);
  }

  /** An attempt to {@code node} was answered (even with an error reply). */
  public void succeeded(String node) {
    if (failureThreshold <= 0) {
      return;
    }
    Circuit c = circuits.get(node);
    if (c == null) {
      return;
    }
    synchronized (c) {
      c.failuresInARow = 0;
      if (c.state == State.HALF_OPEN) {
        move(node, c, State.CLOSED, "a call succeeded after the node answered a PING");
      }
    }
  }

  /** An attempt to {@code node} timed out or lost its connection; {@code why} is a short description. */
  public void failed(String node, String why) {
    if (failureThreshold <= 0) {
      return;
    }
    Circuit c = circuits.computeIfAbsent(node, n -> new Circuit());
    synchronized (c) {
      c.failuresInARow++;
      if (c.state == State.HALF_OPEN
          || c.state == State.CLOSED && c.failuresInARow >= failureThreshold) {
        move(node, c, State.OPEN, c.failuresInARow + " attempt(s) in a row failed, the last: " + why);
      }
    }
  }

  private void move(String node, Circuit c, State to, String reason) {
    c.state = to;
    c.sinceMillis = System.currentTimeMillis();
    c.reason = reason;
    listener.transition(node, to);
  }

  private void probeOpenCircuits() {
    for (Map.Entry<String, Circuit> e : circuits.entrySet()) {
      Circuit c = e.getValue();
      if (c.state != State.OPEN) {
        continue;
      }
      boolean answered;
      try {
        answered = ping.test(e.getKey());
      } catch (RuntimeException ex) {
        answered = false;
      }
      if (answered) {
        synchronized (c) {
          if (c.state == State.OPEN) {
            c.failuresInARow = 0;
            move(e.getKey(), c, State.HALF_OPEN, "the node answered a PING");
          }
        }
      }
    }
  }

  /** Every node's circuit that is not closed, or was ever opened. */
  public List<Status> statuses() {
    List<Status> out = new ArrayList<>();
    circuits.forEach((node, c) -> out.add(new Status(node, c.state, c.sinceMillis, c.reason)));
    return out;
  }

  /** How many nodes' circuits are open now. */
  public int openCircuits() {
    int open = 0;
    for (Circuit c : circuits.values()) {
      if (c.state == State.OPEN) {
        open++;
      }
    }
    return open;
  }

  /** Calls refused so far. */
  public long rejectedCalls() {
    return rejected.sum();
  }

  @Override
  public void close() {
    if (prober != null) {
      prober.shutdownNow();
    }
  }

  /** A call refused because its node's circuit is open: a {@link CacheException}, never applied. */
  public static final class CircuitOpenException extends CacheException {
    private static final long serialVersionUID = 1L;
    private final String state;

    CircuitOpenException(String message, String state) {
      super(message);
      this.state = state;
    }

    /** The circuit's state in a few words: node, since when, why. */
    public String state() {
      return state;
    }
  }
}
