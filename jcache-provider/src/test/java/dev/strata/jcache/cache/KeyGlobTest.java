package dev.strata.jcache.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Redis's glob syntax, for keys Redis cannot match itself. */
class KeyGlobTest {

  @Test
  void starQuestionMarkAndSets() {
    assertTrue(KeyGlob.of("user:*").matches("user:42"));
    assertTrue(KeyGlob.of("user:*").matches("user:"));
    assertFalse(KeyGlob.of("user:*").matches("users:1"));
    assertTrue(KeyGlob.of("order:1??").matches("order:123"));
    assertFalse(KeyGlob.of("order:1??").matches("order:12"));
    assertTrue(KeyGlob.of("[ab]*").matches("beta"));
    assertFalse(KeyGlob.of("[ab]*").matches("gamma"));
    assertTrue(KeyGlob.of("[^a]x").matches("bx"));
    assertFalse(KeyGlob.of("[^a]x").matches("ax"));
    assertTrue(KeyGlob.of("v[0-9]").matches("v7"));
    assertTrue(KeyGlob.of("1*").matches("1000"));
  }

  @Test
  void everythingElseIsLiteral() {
    assertTrue(KeyGlob.of("a.b(c)+").matches("a.b(c)+"));
    assertFalse(KeyGlob.of("a.b").matches("axb"));
    assertTrue(KeyGlob.of("lit\\*").matches("lit*"));
    assertFalse(KeyGlob.of("lit\\*").matches("litx"));
    assertTrue(KeyGlob.of("line\nbreak*").matches("line\nbreak and more"));
  }
}
