package dev.strata.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The circuit breaker's states, without Redis: a PING answer is what the test says it is. */
class CircuitBreakerTest {

  private final AtomicBoolean answers = new AtomicBoolean(false);
  private final List<String> transitions = java.util.Collections.synchronizedList(new ArrayList<>());
  private final CircuitBreaker breaker = new CircuitBreaker(2, 20, node -> answers.get(),
      new CircuitBreaker.Listener() {
        @Override
        public void transition(String node, CircuitBreaker.State state) {
          transitions.add(node + " " + state);
        }
      }, "test-circuit");

  @Test
  void opensAfterFailuresInARowAndRefusesAtOnce() {
    breaker.failed("a:1", "timeout");
    breaker.check("a:1", "get", "c"); // one failure: still closed
    breaker.succeeded("a:1");
    breaker.failed("a:1", "timeout");
    breaker.check("a:1", "get", "c"); // a success in between starts the count again
    breaker.failed("a:1", "Redis did not answer within 1000 ms");
    CircuitBreaker.CircuitOpenException e = assertThrows(CircuitBreaker.CircuitOpenException.class,
        () -> breaker.check("a:1", "put", "users"));
    assertTrue(e.getMessage().contains("put on cache 'users' refused at once"), e.getMessage());
    assertTrue(e.getMessage().contains("a:1 is open since"), e.getMessage());
    assertTrue(e.getMessage().contains("Redis did not answer within 1000 ms"), e.getMessage());
    breaker.check("b:2", "get", "c"); // another node's circuit is its own
    assertEquals(1, breaker.openCircuits());
    assertEquals(1, breaker.rejectedCalls());
    breaker.close();
  }

  @Test
  void aPingAnsweredLetsCallsTryAndASuccessCloses() throws InterruptedException {
    breaker.failed("a:1", "t");
    breaker.failed("a:1", "t");
    assertThrows(CircuitBreaker.CircuitOpenException.class, () -> breaker.check("a:1", "get", null));
    answers.set(true);
    awaitState(CircuitBreaker.State.HALF_OPEN);
    breaker.check("a:1", "get", null); // half-open: calls go through
    breaker.failed("a:1", "t");         // one failure on trial opens it again
    assertThrows(CircuitBreaker.CircuitOpenException.class, () -> breaker.check("a:1", "get", null));
    awaitState(CircuitBreaker.State.HALF_OPEN);
    breaker.succeeded("a:1");
    awaitState(CircuitBreaker.State.CLOSED);
    assertEquals(List.of("a:1 OPEN", "a:1 HALF_OPEN", "a:1 OPEN", "a:1 HALF_OPEN", "a:1 CLOSED"),
        List.copyOf(transitions));
    breaker.close();
  }

  @Test
  void aDisabledBreakerNeverRefuses() {
    CircuitBreaker off = CircuitBreaker.disabled();
    for (int i = 0; i < 10; i++) {
      off.failed("a:1", "t");
    }
    off.check("a:1", "get", null);
    assertEquals(0, off.openCircuits());
    off.close();
  }

  private void awaitState(CircuitBreaker.State state) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (breaker.statuses().stream().noneMatch(s -> s.state() == state)) {
      assertTrue(System.nanoTime() < deadline, "no " + state + " within 5 s: " + breaker.statuses());
      Thread.sleep(5);
    }
  }
}
