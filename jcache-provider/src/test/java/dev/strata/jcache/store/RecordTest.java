package dev.strata.jcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stored record layout, parsed without Redis the way the scripts parse it. */
class RecordTest {

  private static Record parse(String raw) {
    return Record.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void eternalAndExpiringRecords() {
    Record eternal = parse("7||s:hello");
    assertEquals(7, eternal.version());
    assertFalse(eternal.expires());
    assertArrayEquals("s:hello".getBytes(StandardCharsets.US_ASCII), eternal.value());

    Record expiring = parse("12|1700000000123|k:\u0001|x");
    assertTrue(expiring.expires());
    assertEquals(1700000000123L, expiring.expiresAt());
    assertArrayEquals("k:\u0001|x".getBytes(StandardCharsets.ISO_8859_1), expiring.value(), "bars in the value stay");
  }

  @Test
  void anythingElseIsCorrupt() {
    for (String bad : new String[] {"", "garbage-without-bars", "7|", "7||", "|1|s:x", "x7||s:x", "7|soon|s:x",
        "7|12", "99999999999999999999||s:x"}) {
      assertNull(parse(bad), bad);
    }
  }
}
