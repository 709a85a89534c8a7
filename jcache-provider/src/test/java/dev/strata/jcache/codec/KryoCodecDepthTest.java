package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** Values too deep for the stack give a CacheException naming the cache; cyclic values work. */
class KryoCodecDepthTest {

  /** A node of a singly linked chain. */
  public static final class Node {
    String name;
    Node next;

    Node(String name) {
      this.name = name;
    }
  }

  /** The JVM's default thread stack on 64-bit Linux, so that the outcome does not depend on how the test runs. */
  private static final long DEFAULT_STACK = 1 << 20;

  private final KryoCodec kryoCodec = new KryoCodec(getClass().getClassLoader(),
      ClassAllowList.of(List.of(Node.class.getName()), List.of()));
  private final CacheCodec codec = new CacheCodec("deep", kryoCodec);

  @Test
  void aDeeplyNestedListGivesACacheExceptionNotAStackOverflowError() throws Exception {
    CacheException e = onStack(DEFAULT_STACK, () -> assertThrows(CacheException.class, () -> codec.encode(nestedLists(10_000))));
    assertTrue(e.getMessage().contains("'deep'"), e.getMessage());
    assertTrue(e.getMessage().contains("nested too deeply to serialize"), e.getMessage());
    assertTrue(e.getMessage().contains("java.util.LinkedList"), e.getMessage());
  }

  @Test
  void aLongChainOfObjectsGivesACacheExceptionNotAStackOverflowError() throws Exception {
    CacheException e = onStack(DEFAULT_STACK, () -> assertThrows(CacheException.class, () -> codec.encode(chain(10_000))));
    assertTrue(e.getMessage().contains("nested too deeply to serialize"), e.getMessage());
  }

  @Test
  void theCodecWorksAfterAStackOverflow() throws Exception {
    onStack(DEFAULT_STACK, () -> assertThrows(CacheException.class, () -> codec.encode(chain(10_000))));
    Node back = (Node) codec.decode(codec.encode(chain(50)));
    assertEquals("0", back.name);
    assertEquals("49", last(back).name);
  }

  @Test
  void aValueWrittenOnABigStackButTooDeepToReadGivesACacheException() throws Exception {
    byte[] bytes = onStack(512L << 20, () -> codec.encode(chain(10_000)));
    CacheException e = onStack(DEFAULT_STACK, () -> assertThrows(CacheException.class, () -> codec.decode(bytes)));
    assertTrue(e.getMessage().contains("nested too deeply to deserialize"), e.getMessage());
    assertTrue(e.getMessage().contains("'deep'"), e.getMessage());
  }

  @Test
  void cyclicObjectGraphsRoundTripWithTheirIdentity() {
    Node a = new Node("a");
    Node b = new Node("b");
    a.next = b;
    b.next = a;
    Node back = (Node) codec.decode(codec.encode(a));
    assertEquals("b", back.next.name);
    assertSame(back, back.next.next);
  }

  @Test
  void aListThatContainsItselfRoundTrips() {
    List<Object> list = new ArrayList<>();
    list.add("x");
    list.add(list);
    List<?> back = (List<?>) codec.decode(codec.encode(list));
    assertEquals("x", back.get(0));
    assertSame(back, back.get(1));
  }

  private static LinkedList<Object> nestedLists(int depth) {
    LinkedList<Object> outer = new LinkedList<>();
    for (int i = 0; i < depth; i++) {
      LinkedList<Object> wrapper = new LinkedList<>();
      wrapper.add(outer);
      outer = wrapper;
    }
    return outer;
  }

  private static Node chain(int length) {
    Node head = new Node("0");
    Node tail = head;
    for (int i = 1; i < length; i++) {
      tail.next = new Node(Integer.toString(i));
      tail = tail.next;
    }
    return head;
  }

  private static Node last(Node node) {
    Node n = node;
    while (n.next != null) {
      n = n.next;
    }
    return n;
  }

  /** Runs {@code task} on a thread with the given stack size and returns its result or rethrows its failure. */
  private static <T> T onStack(long stackBytes, Callable<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(task.call());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "codec-depth", stackBytes);
    thread.start();
    thread.join();
    if (failure.get() instanceof Exception e) {
      throw e;
    }
    if (failure.get() instanceof Error e) {
      throw e;
    }
    return result.get();
  }
}
