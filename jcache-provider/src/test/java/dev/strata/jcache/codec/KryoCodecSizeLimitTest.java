package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** Keys and values larger than the limit are refused while encoding, whatever path encodes them. */
class KryoCodecSizeLimitTest {

  private static final int LIMIT = 1024;

  /** Java-serialized, so its bytes come through an ObjectOutputStream. */
  public static final class Document implements Serializable {
    private static final long serialVersionUID = 1L;
    String text;

    Document(String text) {
      this.text = text;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.writeObject(text);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      text = (String) in.readObject();
    }
  }

  private final ClassAllowList allowList = ClassAllowList.of(List.of(Document.class.getName()), List.of());
  private final KryoCodec codec = new KryoCodec(getClass().getClassLoader(), allowList, LIMIT);

  @Test
  void aStringFitsUpToTheLimitCountingItsUtf8Bytes() {
    assertEquals(LIMIT, codec.encode("a".repeat(LIMIT - 2)).length);
    assertTooLarge("a".repeat(LIMIT - 1));
    // the euro sign takes three bytes: 340 * 3 + 2 = 1022 fits, 341 * 3 + 2 = 1025 does not
    assertEquals(1022, codec.encode("\u20ac".repeat(340)).length);
    assertTooLarge("\u20ac".repeat(341));
    // an emoji (a surrogate pair) takes four
    assertEquals(1022, codec.encode("\ud83d\ude00".repeat(255)).length);
    assertTooLarge("\ud83d\ude00".repeat(256));
    // a lone surrogate is encoded as '?', one byte
    assertEquals(1002, codec.encode("\ud83d".repeat(1000)).length);
    assertTooLarge("x".repeat(10 * LIMIT));
  }

  @Test
  void aKryoValueFitsUpToTheLimitExactly() {
    KryoCodec unlimited = new KryoCodec(getClass().getClassLoader(), allowList);
    int overhead = unlimited.encode(new byte[900]).length - 900;
    int largestFitting = LIMIT - overhead;
    byte[] encoded = codec.encode(new byte[largestFitting]);
    assertEquals(LIMIT, encoded.length);
    assertArrayEquals(new byte[largestFitting], (byte[]) codec.decode(encoded));
    assertTooLarge(new byte[largestFitting + 1]);
    assertTooLarge(new ArrayList<>(List.of("a".repeat(600), "b".repeat(600))));
  }

  @Test
  void aJavaSerializedValueIsLimitedToo() {
    assertEquals("small", ((Document) codec.decode(codec.encode(new Document("small")))).text);
    assertTooLarge(new Document("d".repeat(2 * LIMIT)));
  }

  @Test
  void theCacheSeesAValueTooLargeExceptionNamingCacheLimitAndProperty() {
    CacheCodec cacheCodec = new CacheCodec("reports", codec);
    String secret = "TOP-SECRET-PAYLOAD-".repeat(100);
    ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> cacheCodec.encode(secret));
    assertTrue(e instanceof CacheException);
    assertEquals(LIMIT, e.maxBytes());
    assertTrue(e.getMessage().contains("'reports'"), e.getMessage());
    assertTrue(e.getMessage().contains("1024 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("strata.max-value-bytes"), e.getMessage());
    assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    ValueTooLargeException kryo = assertThrows(ValueTooLargeException.class,
        () -> cacheCodec.encode(new ArrayList<>(List.of(secret))));
    assertFalse(kryo.getMessage().contains("TOP-SECRET"), kryo.getMessage());
    assertTrue(kryo.getMessage().contains("java.util.ArrayList"), kryo.getMessage());
  }

  @Test
  void aHugeValueIsRefusedWithoutAllocatingMuchMoreThanTheLimit() {
    int limit = 1 << 20;
    KryoCodec oneMebibyte = new KryoCodec(getClass().getClassLoader(), allowList, limit);
    List<byte[]> huge = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      huge.add(new byte[limit]);
    }
    oneMebibyte.encode(List.of(1)); // creates the pooled Kryo and Output outside the measurement
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    assertThrows(EncodedSizeExceededException.class, () -> oneMebibyte.encode(huge));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // the output buffer doubles up to the limit: 256 B + ... + 1 MiB, about 2 MiB in all
    assertTrue(allocated < 4L * limit, "allocated " + allocated + " bytes to refuse a 64 MiB value");
  }

  @Test
  void theCodecWorksAfterRefusingAValue() {
    assertTooLarge(new byte[2 * LIMIT]);
    assertEquals(List.of(1, 2), codec.decode(codec.encode(new ArrayList<>(List.of(1, 2)))));
  }

  @Test
  void aLimitMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new KryoCodec(getClass().getClassLoader(), allowList, 0));
  }

  private void assertTooLarge(Object value) {
    EncodedSizeExceededException e = assertThrows(EncodedSizeExceededException.class, () -> codec.encode(value));
    assertEquals(LIMIT, e.maxBytes());
    assertTrue(e.getMessage().contains(value.getClass().getName()), e.getMessage());
  }
}
