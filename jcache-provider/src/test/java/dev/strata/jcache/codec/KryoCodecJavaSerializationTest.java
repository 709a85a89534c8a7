package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Classes with their own serialization code are stored the way Java serialization stores them. */
class KryoCodecJavaSerializationTest {

  /** Leaves its password out of the stream, as its writeObject says, although the field is not transient. */
  public static final class Login implements Serializable {
    private static final long serialVersionUID = 1L;
    String user;
    String password;

    Login(String user, String password) {
      this.user = user;
      this.password = password;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.writeUTF(user);
    }

    private void readObject(ObjectInputStream in) throws IOException {
      user = in.readUTF();
    }
  }

  /** Inherits its superclass's writeObject, which Java runs for the superclass's part. */
  public static final class AdminLogin extends LoginBase {
    private static final long serialVersionUID = 1L;
    String role = "admin";
  }

  /** A serializable superclass with stream code. */
  public static class LoginBase implements Serializable {
    private static final long serialVersionUID = 1L;
    transient String sessionToken;
    String pin = "1234";

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.writeUTF("pin withheld");
    }

    private void readObject(ObjectInputStream in) throws IOException {
      pin = in.readUTF();
    }
  }

  /** A singleton that readResolve keeps single. */
  public static final class Unit implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Unit INSTANCE = new Unit();

    private Unit() {
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Writes only the temperature; readExternal marks that it ran. */
  public static final class Reading implements Externalizable {
    double celsius;
    String origin = "constructed";
    Object note;

    public Reading() {
    }

    Reading(double celsius, Object note) {
      this.celsius = celsius;
      this.note = note;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
      out.writeDouble(celsius);
      out.writeObject(note);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
      celsius = in.readDouble();
      note = in.readObject();
      origin = "readExternal";
    }
  }

  /** An Externalizable singleton: Java honours readResolve on Externalizable classes too. */
  public static final class ExternalUnit implements Externalizable {
    static final ExternalUnit INSTANCE = new ExternalUnit();

    public ExternalUnit() {
    }

    @Override
    public void writeExternal(ObjectOutput out) {
    }

    @Override
    public void readExternal(ObjectInput in) {
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Carries anything, with Java's default stream code (so the whole graph is Java-serialized). */
  public static final class Envelope implements Serializable {
    private static final long serialVersionUID = 1L;
    Object content;
    Envelope other;

    Envelope(Object content) {
      this.content = content;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
    }
  }

  /** Never on the allow list; counts how often its deserialization code ran. */
  public static final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();
    String value = "s3cr3t";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      READS.incrementAndGet();
      in.defaultReadObject();
    }
  }

  /** An ordinary serializable class without stream code. */
  public static final class Order implements Serializable {
    private static final long serialVersionUID = 1L;
    long id = 42;
    String customer = "ACME";
    transient String cached = "dropped";
  }

  /** An ordinary record. */
  public record Point(int x, int y) {
  }

  /** An ordinary enum. */
  public enum Colour { RED, GREEN }

  private static final List<Class<?>> TEST_TYPES = List.of(Login.class, AdminLogin.class, LoginBase.class, Unit.class,
      Reading.class, ExternalUnit.class, Envelope.class, Order.class, Point.class, Colour.class);

  private final KryoCodec codec = codec(false);

  private static KryoCodec codec(boolean allowEverything) {
    List<String> patterns = new ArrayList<>(allowEverything ? List.of("*") : List.of());
    TEST_TYPES.forEach(type -> patterns.add(type.getName()));
    return new KryoCodec(KryoCodecJavaSerializationTest.class.getClassLoader(), ClassAllowList.of(patterns, List.of()));
  }

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    return (T) codec.decode(codec.encode(value));
  }

  @Test
  void aFieldThatWriteObjectLeavesOutIsNotStored() {
    byte[] bytes = codec.encode(new Login("ann", "hunter2"));
    assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("hunter2"), "the password reached the bytes");
    Login back = (Login) codec.decode(bytes);
    assertEquals("ann", back.user);
    assertNull(back.password);
  }

  @Test
  void streamCodeOfASerializableSuperclassIsRunToo() {
    AdminLogin admin = new AdminLogin();
    admin.sessionToken = "token";
    AdminLogin back = roundTrip(admin);
    assertEquals("pin withheld", back.pin);
    assertEquals("admin", back.role);
    assertNull(back.sessionToken);
  }

  @Test
  void readResolveKeepsASingletonSingle() {
    assertSame(Unit.INSTANCE, roundTrip(Unit.INSTANCE));
    List<Unit> both = roundTrip(new ArrayList<>(List.of(Unit.INSTANCE, Unit.INSTANCE)));
    assertSame(Unit.INSTANCE, both.get(0));
    assertSame(Unit.INSTANCE, both.get(1));
    assertSame(ExternalUnit.INSTANCE, roundTrip(ExternalUnit.INSTANCE));
  }

  @Test
  void externalizableClassesGoThroughTheirOwnMethods() {
    Reading back = roundTrip(new Reading(21.5, List.of("calibrated")));
    assertEquals(21.5, back.celsius);
    assertEquals(List.of("calibrated"), back.note);
    assertEquals("readExternal", back.origin);
  }

  @Test
  void objectsSharedBetweenJavaSerializedValuesStayShared() {
    Envelope a = new Envelope("a");
    Envelope b = new Envelope("b");
    a.other = b;
    b.other = a; // a cycle inside the Java stream
    List<Envelope> back = roundTrip(new ArrayList<>(List.of(a, b)));
    assertSame(back.get(1), back.get(0).other);
    assertSame(back.get(0), back.get(1).other);
    assertEquals("b", back.get(1).content);
  }

  @Test
  void jdkValueTypesInsideAJavaSerializedValueNeedNoConfiguration() {
    // Java writes some of them in another form (List.of as CollSer, EnumSet as a proxy...)
    List<Object> values = List.of(List.of(1, 2, 3), Map.of("k", 1), Set.of("a"), EnumSet.of(Colour.RED),
        new ConcurrentHashMap<>(Map.of("k", 1)), new TreeMap<>(Map.of("k", 1)), UUID.fromString(
            "00000000-0000-0001-0000-000000000002"), Instant.ofEpochSecond(1), LocalDate.of(2024, 2, 29),
        new BigDecimal("1.50"), URI.create("https://example.com/a"));
    for (Object value : values) {
      assertEquals(value, roundTrip(new Envelope(value)).content, value.getClass().getName());
    }
  }

  @Test
  void jdkClassesWhoseFieldsKryoMayNotReadAreJavaSerialized() {
    // Kryo's FieldSerializer failed on both: java.base does not open java.util and java.net to it
    UUID id = UUID.fromString("00000000-0000-0001-0000-000000000002");
    assertEquals(id, roundTrip(id));
    URI uri = URI.create("https://example.com/a?b=c");
    assertEquals(uri, roundTrip(uri));
  }

  @Test
  void aDisallowedClassInsideAJavaSerializedValueIsRefusedOnWrite() {
    ClassNotAllowedException e = assertThrows(ClassNotAllowedException.class,
        () -> codec.encode(new Envelope(new Secret())));
    assertEquals(Secret.class.getName(), e.className());
    // also when the Java-serialized value is itself inside a Kryo-serialized one
    e = assertThrows(ClassNotAllowedException.class,
        () -> codec.encode(new ArrayList<>(List.of(new Envelope(List.of(new Secret()))))));
    assertEquals(Secret.class.getName(), e.className());
  }

  @Test
  void aDisallowedClassInsideAJavaSerializedValueIsRefusedOnReadBeforeItsCodeRuns() {
    byte[] planted = codec(true).encode(new ArrayList<>(List.of(new Envelope(new Secret()))));
    int readsBefore = Secret.READS.get();
    ClassNotAllowedException e = assertThrows(ClassNotAllowedException.class, () -> codec.decode(planted));
    assertEquals(Secret.class.getName(), e.className());
    assertEquals(readsBefore, Secret.READS.get(), "Secret.readObject ran");
  }

  @Test
  void externalizableContentIsCheckedToo() {
    ClassNotAllowedException e = assertThrows(ClassNotAllowedException.class,
        () -> codec.encode(new Reading(1, new Secret())));
    assertEquals(Secret.class.getName(), e.className());
    byte[] planted = codec(true).encode(new Reading(1, new Secret()));
    assertThrows(ClassNotAllowedException.class, () -> codec.decode(planted));
  }

  @Test
  void ordinaryClassesKeepTheirKryoBytes() {
    // the bytes the codec wrote before Java serialization was honoured: entries already in Redis stay readable
    // (the prefix is the class name, dev.strata.jcache.codec.KryoCodecJavaSerializationTest$)
    String prefix = "6b3a01006465762e7374726174612e6a63616368652e636f6465632e4b72796f436f6465634a61766153657269616c697a6174696f6e5465737424";
    assertEncodes(prefix + "4f726465f2010141434dc554", new Order());
    assertEncodes(prefix + "506f696ef4010204", new Point(1, 2));
    assertEncodes(prefix + "436f6c6f75f202", Colour.GREEN);
    Order written = new Order();
    written.cached = "not stored";
    Order order = roundTrip(written);
    assertEquals(42, order.id);
    assertEquals("ACME", order.customer);
    assertEquals("dropped", order.cached, "a transient field keeps what the constructor gave it");
    assertEquals(new Point(1, 2), roundTrip(new Point(1, 2)));
    assertSame(Colour.GREEN, roundTrip(Colour.GREEN));
  }

  private void assertEncodes(String hex, Object value) {
    assertArrayEquals(HexFormat.of().parseHex(hex), codec.encode(value), HexFormat.of().formatHex(codec.encode(value)));
  }
}
