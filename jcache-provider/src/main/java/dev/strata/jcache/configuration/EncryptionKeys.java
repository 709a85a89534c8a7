package dev.strata.jcache.configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The manager's encryption keys, from {@code strata.encryption.keys}: a comma-separated list of
 * {@code <key id>=<source>}, where a source is {@code env:<VARIABLE>} (the variable holds the key)
 * or {@code file:<path>} (the file holds it), the key being 16, 24 or 32 bytes in Base64 (AES-128,
 * -192, -256). Keys come from the environment or the file system, never from code or Redis, and no
 * message ever shows one.
 */
public final class EncryptionKeys {

  private EncryptionKeys() {
  }

  /**
   * Reads the keys {@code spec} names; {@code environment} looks variables up.
   *
   * @throws IllegalArgumentException naming the key id and the source (never the key) when one
   *     cannot be read
   */
  public static Map<String, SecretKey> read(String spec, UnaryOperator<String> environment) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return keys;
    }
    for (String part : spec.split(",")) {
      String entry = part.trim();
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("strata.encryption.keys: expected <key id>=env:<VARIABLE> or "
            + "<key id>=file:<path>, got an entry of " + entry.length() + " characters");
      }
      String id = entry.substring(0, eq).trim();
      String source = entry.substring(eq + 1).trim();
      if (id.length() > 64) {
        throw new IllegalArgumentException("strata.encryption.keys: key id longer than 64 characters");
      }
      keys.put(id, new SecretKeySpec(bytes(id, source, environment), "AES"));
    }
    return keys;
  }

  private static byte[] bytes(String id, String source, UnaryOperator<String> environment) {
    String text;
    if (source.startsWith("env:")) {
      text = environment.apply(source.substring(4));
      if (text == null) {
        throw new IllegalArgumentException("strata.encryption.keys: key '" + id + "': environment variable "
            + source.substring(4) + " is not set");
      }
    } else if (source.startsWith("file:")) {
      try {
        text = Files.readString(Path.of(source.substring(5)), StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("strata.encryption.keys: key '" + id + "': cannot read "
            + source.substring(5) + " (" + e.getClass().getSimpleName() + ")");
      }
    } else {
      throw new IllegalArgumentException("strata.encryption.keys: key '" + id + "': the source must be env:<VARIABLE> "
          + "or file:<path> (keys are never given inline)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("strata.encryption.keys: key '" + id + "' is not Base64");
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("strata.encryption.keys: key '" + id + "' has " + key.length
          + " bytes; AES needs 16, 24 or 32");
    }
    return key;
  }
}
