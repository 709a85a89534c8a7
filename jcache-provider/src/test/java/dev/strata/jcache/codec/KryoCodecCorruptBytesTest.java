package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corrupt bytes are reported by their length, never by their content, which may be anyone's data. */
class KryoCodecCorruptBytesTest {

  private final KryoCodec codec = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(List.of(), List.of()));

  @Test
  void messagesAboutCorruptBytesDoNotQuoteThem() {
    for (String corrupt : List.of("SECRET-4111-1111", "z:SECRET-4111-1111", "i:SECRET-4111-1111", "l:4111x1111")) {
      byte[] bytes = corrupt.getBytes(StandardCharsets.US_ASCII);
      CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
      assertTrue(e.getMessage().contains("corrupt bytes"), e.getMessage());
      assertTrue(e.getMessage().contains(bytes.length + " bytes"), e.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains("4111"), "quoted the bytes: " + t);
        assertFalse(String.valueOf(t.getMessage()).contains("53 45 43"), "quoted the bytes in hex: " + t);
      }
    }
  }
}
