package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.support.Managers;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The codec's guarantees as a user of javax.cache sees them, on a real Redis. */
@ExtendWith(RedisExtension.class)
class CodecThroughCacheTest {

  /** Its writeObject leaves the password out; readResolve interns the role. */
  public static final class Account implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Account GUEST = new Account("guest", null);
    String user;
    String password;

    Account(String user, String password) {
      this.user = user;
      this.password = password;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.writeUTF(user);
    }

    private void readObject(ObjectInputStream in) throws IOException {
      user = in.readUTF();
    }

    private Object readResolve() {
      return user.equals(GUEST.user) ? GUEST : this;
    }
  }

  /** Never allowed. */
  public static final class Intruder implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Carries anything through Java serialization. */
  public static final class Box implements Serializable {
    private static final long serialVersionUID = 1L;
    Object content;

    Box(Object content) {
      this.content = content;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
    }
  }

  @Test
  void aValueOverTheLimitFailsThePutAndLeavesRedisUnchanged(RedisNode redis) {
    String namespace = Managers.freshNamespace();
    try (CacheManager manager = Managers.open(redis, namespace, limit("1024"))) {
      Cache<String, Object> cache = manager.createCache("sized", new MutableConfiguration<>());
      cache.put("k", "small");
      List<Object> keysBefore = keys(redis, namespace);
      assertFalse(keysBefore.isEmpty(), "no keys found for namespace " + namespace);

      ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> cache.put("k", "x".repeat(2_000)));
      assertTrue(e.getMessage().contains("'sized'"), e.getMessage());
      assertTrue(e.getMessage().contains("1024"), e.getMessage());
      assertTrue(e.getMessage().contains("strata.max-value-bytes"), e.getMessage());
      assertFalse(e.getMessage().contains("xxxx"), e.getMessage());
      assertThrows(ValueTooLargeException.class, () -> cache.put("x".repeat(2_000), "v"));
      assertThrows(ValueTooLargeException.class, () -> cache.putAll(Map.of("a", "v", "b", new byte[4_096])));

      assertEquals("small", cache.get("k"));
      assertNull(cache.get("a"), "a putAll with one oversized value stores nothing");
      assertEquals(keysBefore, keys(redis, namespace));
      cache.put("k", "x".repeat(1_000));
      assertEquals(1_000, ((String) cache.get("k")).length());
    }
  }

  @Test
  void theLimitMustBeBetweenOneKibibyteAndHalfAGibibyte(RedisNode redis) {
    for (String bad : List.of("1023", "536870913", "lots")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Managers.open(redis, Managers.freshNamespace(), limit(bad)));
      assertTrue(e.getMessage().contains("strata.max-value-bytes"), e.getMessage());
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void javaSerializationHooksAreHonouredThroughTheCache(RedisNode redis) {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, Account> cache = manager.createCache("accounts",
          new MutableConfiguration<String, Account>().setTypes(String.class, Account.class));
      cache.put("ann", new Account("ann", "hunter2"));
      cache.put("guest", Account.GUEST);
      assertEquals("ann", cache.get("ann").user);
      assertNull(cache.get("ann").password);
      assertSame(Account.GUEST, cache.get("guest"));
    }
  }

  @Test
  void aDisallowedClassInsideAJavaSerializedValueIsRefusedOnPutAndOnGet(RedisNode redis) {
    String namespace = Managers.freshNamespace();
    Properties strictBoxes = new Properties();
    strictBoxes.setProperty("strata.serialization.allow", Box.class.getName());
    Properties everything = new Properties();
    everything.setProperty("strata.serialization.allow", "*");
    try (CacheManager strict = Managers.open(redis, namespace, strictBoxes);
        CacheManager permissive = Managers.open(redis, namespace, everything)) {
      Cache<String, Object> strictCache = strict.createCache("boxes", new MutableConfiguration<>());
      Cache<String, Object> permissiveCache = permissive.createCache("boxes", new MutableConfiguration<>());
      CacheException onPut = assertThrows(CacheException.class, () -> strictCache.put("b", new Box(new Intruder())));
      assertTrue(onPut.getMessage().contains(Intruder.class.getName()), onPut.getMessage());
      assertFalse(strictCache.containsKey("b"));

      permissiveCache.put("b", new Box(new Intruder()));
      CacheException onGet = assertThrows(CacheException.class, () -> strictCache.get("b"));
      assertTrue(onGet.getMessage().contains(Intruder.class.getName()), onGet.getMessage());
      assertTrue(onGet.getMessage().contains("'boxes'"), onGet.getMessage());
    }
  }

  @Test
  void aValueTooDeepToSerializeFailsThePutWithACacheException(RedisNode redis) throws InterruptedException {
    try (CacheManager manager = Managers.open(redis)) {
      Cache<String, Object> cache = manager.createCache("deep", new MutableConfiguration<>());
      LinkedList<Object> nested = new LinkedList<>();
      for (int i = 0; i < 10_000; i++) {
        LinkedList<Object> wrapper = new LinkedList<>();
        wrapper.add(nested);
        nested = wrapper;
      }
      Object value = nested;
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      // the JVM's default stack size, so that the outcome does not depend on how the test runs
      Thread putter = new Thread(null, () -> {
        try {
          cache.put("k", value);
        } catch (Throwable t) {
          thrown.set(t);
        }
      }, "deep-put", 1 << 20);
      putter.start();
      putter.join();
      assertTrue(thrown.get() instanceof CacheException, String.valueOf(thrown.get()));
      assertTrue(thrown.get().getMessage().contains("nested too deeply"), thrown.get().getMessage());
      assertFalse(cache.containsKey("k"));
    }
  }

  private static Properties limit(String bytes) {
    Properties properties = new Properties();
    properties.setProperty("strata.max-value-bytes", bytes);
    return properties;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> keys(RedisNode redis, String namespace) {
    List<Object> keys = (List<Object>) redis.command("KEYS", "strata:{" + namespace + ":*");
    keys.sort((a, b) -> a.toString().compareTo(b.toString()));
    return keys;
  }
}
