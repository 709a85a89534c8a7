package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compressed form of values, without Redis. */
class ValueCompressionTest {

  private final KryoCodec kryo = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(java.util.List.of(),
      java.util.List.of(String.class)));

  @Test
  void aLongValueIsStoredCompressedAndReadBack() {
    String json = "{\"id\":42,\"name\":\"Ada Lovelace\",\"roles\":[\"admin\",\"author\"]},".repeat(100);
    byte[] encoded = kryo.encode(json);
    byte[] stored = ValueCompression.compress(encoded, 1024);
    assertTrue(ValueCompression.isCompressed(stored));
    assertTrue(stored.length < encoded.length / 4, stored.length + " of " + encoded.length);
    assertEquals(json, kryo.decode(stored));
    assertArrayEquals(stored, ValueCompression.compress(encoded, 1024), "the same value compresses the same");
  }

  @Test
  void shortOrIncompressibleValuesStayAsTheyAre() {
    byte[] small = kryo.encode("short");
    assertSame(small, ValueCompression.compress(small, 1024));
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    byte[] encoded = kryo.encode(new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1));
    byte[] stored = ValueCompression.compress(encoded, 16);
    assertTrue(stored.length <= encoded.length);
    assertEquals(new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1), kryo.decode(stored));
  }

  @Test
  void damagedCompressedBytesAreReportedAsCorrupt() {
    byte[] stored = ValueCompression.compress(kryo.encode("x".repeat(5000)), 100);
    byte[] damaged = stored.clone();
    damaged[2] = 0x7f; // claims a huge length
    CodecException e = assertThrows(CodecException.class, () -> kryo.decode(damaged));
    assertTrue(e.getMessage().startsWith("corrupt bytes"), e.getMessage());
    byte[] truncated = java.util.Arrays.copyOf(stored, stored.length - 3);
    assertThrows(CodecException.class, () -> kryo.decode(truncated));
    assertFalse(ValueCompression.isCompressed(kryo.encode("z")));
  }
}
