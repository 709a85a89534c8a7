package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Big values leave no big buffers and no references behind in the codec. */
class KryoCodecBufferTest {

  private static final int EIGHT_MIB = 8 << 20;

  /** Java-serialized, so its bytes go through an ObjectOutputStream kept in Kryo's graph context. */
  public static final class Blob implements Serializable {
    private static final long serialVersionUID = 1L;
    byte[] bytes;

    Blob(byte[] bytes) {
      this.bytes = bytes;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
    }
  }

  private final KryoCodec codec = new KryoCodec(getClass().getClassLoader(),
      ClassAllowList.of(List.of(Blob.class.getName()), List.of()));

  @Test
  void bigValuesInARowLeaveOnlySmallBuffersInThePool() {
    for (int i = 0; i < 5; i++) {
      assertTrue(codec.encode(bigList()).length > EIGHT_MIB);
      assertEquals(KryoCodec.INITIAL_BUFFER_BYTES, codec.largestPooledBufferBytes());
    }
  }

  @Test
  void bigValuesOnSeveralThreadsLeaveOnlySmallBuffersInThePool() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 3; i++) {
          codec.encode(bigList());
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(KryoCodec.INITIAL_BUFFER_BYTES, codec.largestPooledBufferBytes());
  }

  @Test
  void aBufferGrownForAnOrdinaryValueIsKeptForTheNextOne() {
    codec.encode(new ArrayList<>(List.of(new byte[32 << 10])));
    int kept = codec.largestPooledBufferBytes();
    assertTrue(kept > 32 << 10 && kept <= KryoCodec.LARGEST_POOLED_BUFFER_BYTES, "kept " + kept);
  }

  @Test
  void aRefusedValueLeavesNoBigBufferEither() {
    KryoCodec limited = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(List.of(), List.of()), 1 << 20);
    assertThrows(EncodedSizeExceededException.class, () -> limited.encode(bigList()));
    assertEquals(KryoCodec.INITIAL_BUFFER_BYTES, limited.largestPooledBufferBytes());
  }

  @Test
  void theCodecHoldsNoReferenceToTheLastValueItEncoded() {
    assertCollectedAfter(() -> {
      List<byte[]> value = bigList();
      codec.encode(value);
      return value;
    });
    assertCollectedAfter(() -> {
      Blob value = new Blob(new byte[EIGHT_MIB]);
      codec.encode(value);
      return value;
    });
  }

  @Test
  void theCodecHoldsNoReferenceToTheLastValueItDecoded() {
    byte[] list = codec.encode(bigList());
    byte[] blob = codec.encode(new Blob(new byte[EIGHT_MIB]));
    assertCollectedAfter(() -> codec.decode(list));
    assertCollectedAfter(() -> codec.decode(blob));
  }

  @Test
  void theCodecHoldsNoReferenceToAValueItRefused() {
    KryoCodec limited = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(List.of(), List.of()), 1 << 20);
    assertCollectedAfter(() -> {
      List<byte[]> value = bigList();
      assertThrows(EncodedSizeExceededException.class, () -> limited.encode(value));
      return value;
    });
  }

  private static List<byte[]> bigList() {
    return new ArrayList<>(List.of(new byte[EIGHT_MIB]));
  }

  /** Runs {@code use}, drops the object it returns, and checks that the garbage collector can take it. */
  private static void assertCollectedAfter(Supplier<Object> use) {
    WeakReference<Object> reference = new WeakReference<>(use.get());
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertTrue(reference.get() == null, "the codec still references the value");
  }
}
