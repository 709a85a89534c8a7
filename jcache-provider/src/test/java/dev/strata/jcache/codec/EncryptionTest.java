package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.configuration.EncryptionKeys;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.support.Faults;
import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Encryption at rest on a real Redis: values are unreadable in Redis and read back through the
 * cache; a key rotation keeps old values readable; a changed record or a wrong key gives a
 * CacheException for that entry only; keys are read from files and never shown.
 */
@ExtendWith(RedisExtension.class)
class EncryptionTest {

  @TempDir
  Path dir;

  private String keyFile(String name) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = dir.resolve(name);
    Files.writeString(file, Base64.getEncoder().encodeToString(key));
    return file.toString();
  }

  private static StrataConfiguration<String, String> encrypted(String keyId) {
    StrataConfiguration<String, String> config = new StrataConfiguration<String, String>().setEncryptionKeyId(keyId);
    config.setTypes(String.class, String.class);
    return config;
  }

  private static Properties keys(String spec) {
    Properties p = new Properties();
    p.setProperty("strata.encryption.keys", spec);
    return p;
  }

  private static RMap<byte[], byte[]> entries(CacheManager manager, RedisNode redis, String ns, String cache,
      String field) {
    String hash = Faults.entriesKeyHolding(redis, ns, cache, field);
    return manager.unwrap(RedissonClient.class).getMap(hash, ByteArrayCodec.INSTANCE);
  }

  @Test
  void valuesAreSealedRotatableAndTamperingIsReported(RedisNode redis) throws Exception {
    String ns = Managers.freshNamespace();
    String k1 = keyFile("k1.key");
    String k2 = keyFile("k2.key");
    try (CacheManager old = Managers.open(redis, ns, keys("k1=file:" + k1))) {
      Cache<String, String> users = old.createCache("users", encrypted("k1"));
      users.put("ann", "ann@example.com secret profile");
      users.put("bob", "bob@example.com");
      byte[] record = entries(old, redis, ns, "users", "s:ann").get("s:ann".getBytes(StandardCharsets.UTF_8));
      String raw = new String(record, StandardCharsets.ISO_8859_1);
      assertFalse(raw.contains("ann@example.com"), "the value is not readable in Redis");
      assertTrue(raw.contains("|e:"), "stored as an encrypted value");
      assertEquals("ann@example.com secret profile", users.get("ann"));
      assertTrue(users.replace("bob", "bob@example.com", "bob@example.org"), "conditional writes compare decoded");
      assertTrue(users.remove("bob", "bob@example.org"));
    }
    // rotation: a JVM that writes with k2 and still holds k1 reads both
    try (CacheManager rotated = Managers.open(redis, ns, keys("k2=file:" + k2 + ",k1=file:" + k1))) {
      Cache<String, String> users = rotated.createCache("users", encrypted("k2"));
      assertEquals("ann@example.com secret profile", users.get("ann"), "an old value stays readable");
      users.put("cid", "cid@example.com");
      assertEquals("cid@example.com", users.get("cid"));

      // tampering: one byte of ann's record changed in Redis
      RMap<byte[], byte[]> hash = entries(rotated, redis, ns, "users", "s:ann");
      byte[] field = "s:ann".getBytes(StandardCharsets.UTF_8);
      byte[] record = hash.get(field);
      record[record.length - 1] ^= 1;
      hash.put(field, record);
      CacheException e = assertThrows(CacheException.class, () -> users.get("ann"));
      System.out.println("[encryption] tampered record: " + e.getMessage());
      assertTrue(e.getMessage().contains("users") && e.getMessage().contains("does not authenticate"), e.getMessage());
      assertEquals("cid@example.com", users.get("cid"), "other entries are not affected");
      users.put("ann", "rewritten");
      assertEquals("rewritten", users.get("ann"));
    }
    // a JVM with only k1 cannot read what k2 sealed, and says which key it lacks
    try (CacheManager behind = Managers.open(redis, ns, keys("k1=file:" + k1))) {
      Cache<String, String> users = behind.createCache("users", encrypted("k1"));
      CacheException e = assertThrows(CacheException.class, () -> users.get("cid"));
      assertTrue(e.getMessage().contains("key 'k2'"), e.getMessage());
    }
  }

  @Test
  void keysComeFromFilesOrTheEnvironmentAndAreNeverShown() throws Exception {
    String k1 = keyFile("k.key");
    assertEquals(1, EncryptionKeys.read("k=file:" + k1, name -> null).size());
    String secret = Base64.getEncoder().encodeToString(new byte[32]);
    assertEquals(1, EncryptionKeys.read("k=env:KEY", name -> name.equals("KEY") ? secret : null).size());
    IllegalArgumentException inline = assertThrows(IllegalArgumentException.class,
        () -> EncryptionKeys.read("k=" + secret, name -> null));
    assertFalse(inline.getMessage().contains(secret), inline.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> EncryptionKeys.read("k=env:NOPE", name -> null));
    assertTrue(missing.getMessage().contains("NOPE"));
    assertThrows(IllegalArgumentException.class,
        () -> EncryptionKeys.read("k=env:SHORT", name -> Base64.getEncoder().encodeToString(new byte[5])));
    assertTrue(EncryptionKeys.read(null, name -> null).isEmpty());
  }

  @Test
  void aCacheNamingAKeyTheManagerLacksIsRefused(RedisNode redis) throws Exception {
    try (CacheManager manager = Managers.open(redis, Managers.freshNamespace(), keys("k1=file:" + keyFile("a")))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> manager.createCache("x", encrypted("k9")));
      assertTrue(e.getMessage().contains("k9"), e.getMessage());
      Cache<String, String> plain = manager.createCache("plain", encrypted(""));
      plain.put("a", "b");
      assertEquals("b", plain.get("a"));
      assertNull(plain.get("c"));
      Map<String, String> all = Map.of("x", "1");
      plain.putAll(all);
      assertEquals(all, plain.getAll(all.keySet()));
      assertTrue(plain.unwrap(StrataCache.class).codec().valuesComparableInRedis() == false,
          "a manager with keys compares values in Java (another JVM may encrypt)");
    }
  }
}
