package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The classes accepted without being named: arrays whose elements are checked one by one, enums and
 * records of accepted components, on the Kryo path and inside Java-serialized values. None of the
 * classes declared here is on the allow list.
 */
class KryoCodecAllowListRulesTest {

  /** An enum of the application, never listed. */
  public enum Status { OPEN, CLOSED }

  /** An enum whose constants have bodies, so each constant has a class of its own. */
  public enum Operation {
    PLUS {
      @Override
      int apply(int a, int b) {
        return a + b;
      }
    },
    TIMES {
      @Override
      int apply(int a, int b) {
        return a * b;
      }
    };

    abstract int apply(int a, int b);
  }

  /** A record of JDK values and an enum. */
  public record OrderLine(String sku, int quantity, BigDecimal price, Status status) implements Serializable {
  }

  /** A record holding another record and a list. */
  public record Order(long id, OrderLine first, List<OrderLine> lines, LocalDate day) {
  }

  /** A record that reaches itself through a component. */
  public record Chain(String name, Chain next) {
  }

  /** A record with a component of a final class that is not allowed: Kryo reads it without naming it. */
  public record Sealed(String label, Secret secret) {
  }

  /** A record with a component of a non-final type: the value's own class is named and checked. */
  public record Tagged(String label, Object tag) {
  }

  /** Never allowed; counts its constructor runs and its initialization. */
  public static final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger CREATED = new AtomicInteger();
    String value = "s3cr3t";

    public Secret() {
      CREATED.incrementAndGet();
    }
  }

  /** Counts initializations of {@link Untouched}, outside it, so that reading the count does not initialize it. */
  static final AtomicInteger UNTOUCHED_INITIALIZED = new AtomicInteger();

  /** Never allowed, and never initialized by being looked at. */
  public static final class Untouched {
    static {
      UNTOUCHED_INITIALIZED.incrementAndGet();
    }
  }

  /** Allowed by name below; holds an array of an interface type in a field, as Hibernate's entries do. */
  public static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    Serializable[] parts;
    Object version;

    Holder(Serializable[] parts, Object version) {
      this.parts = parts;
      this.version = version;
    }
  }

  /** Allowed by name below; has stream code, so it and everything in it is Java-serialized. */
  public static final class JavaHolder implements Serializable {
    private static final long serialVersionUID = 1L;
    Serializable[] parts;
    Object extra;

    JavaHolder(Serializable[] parts, Object extra) {
      this.parts = parts;
      this.extra = extra;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
    }
  }

  private static final List<String> ALLOWED = List.of(Holder.class.getName(), JavaHolder.class.getName());

  private final KryoCodec codec = codec(ALLOWED);

  private static KryoCodec codec(List<String> patterns) {
    return new KryoCodec(KryoCodecAllowListRulesTest.class.getClassLoader(), ClassAllowList.of(patterns, List.of()));
  }

  /** Bytes a writer that allows everything put into Redis: what an attacker could plant. */
  private static byte[] planted(Object value) {
    return codec(List.of("*")).encode(value);
  }

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value));
  }

  @Test
  void arraysOfInterfaceAndAbstractElementTypesHoldingAllowedValuesRoundTrip() {
    Serializable[] serializables = {"a", 1, 2L, new BigDecimal("1.5"), LocalDate.of(2024, 2, 29), null,
        new Object[] {"nested", 3}};
    Serializable[] back = (Serializable[]) roundTrip(serializables);
    assertEquals(Serializable[].class, back.getClass());
    assertArrayEquals(Arrays.copyOf(serializables, 6), Arrays.copyOf(back, 6));
    assertArrayEquals((Object[]) serializables[6], (Object[]) back[6]);

    Object[] objects = {"a", 1, List.of("x"), Map.of("k", 2)};
    assertArrayEquals(objects, (Object[]) roundTrip(objects));
    Comparable<?>[] comparables = {"a", 1, LocalDate.of(2020, 1, 1)};
    Object comparablesBack = roundTrip(comparables);
    assertEquals(Comparable[].class, comparablesBack.getClass());
    assertArrayEquals(comparables, (Object[]) comparablesBack);
    Number[] numbers = {1, 2.5, new BigDecimal("3")};
    assertArrayEquals(numbers, (Object[]) roundTrip(numbers));
    Serializable[][] grid = {{"a", 1}, {2L}};
    Serializable[][] gridBack = (Serializable[][]) roundTrip(grid);
    assertArrayEquals(grid[0], gridBack[0]);
    assertArrayEquals(grid[1], gridBack[1]);
  }

  @Test
  void anInterfaceArrayInAFieldRoundTripsOnTheKryoAndTheJavaPath() {
    Holder holder = (Holder) roundTrip(new Holder(new Serializable[] {"name", 7, Status.OPEN}, 3));
    assertArrayEquals(new Serializable[] {"name", 7, Status.OPEN}, holder.parts);
    assertEquals(3, holder.version);
    JavaHolder javaHolder = (JavaHolder) roundTrip(
        new JavaHolder(new Serializable[] {"name", new Object[] {1, 2}}, new Comparable<?>[] {"x"}));
    assertEquals("name", javaHolder.parts[0]);
    assertArrayEquals(new Object[] {1, 2}, (Object[]) javaHolder.parts[1]);
    assertArrayEquals(new Comparable<?>[] {"x"}, (Object[]) javaHolder.extra);
  }

  @Test
  void aDisallowedElementOfAnInterfaceArrayIsRefusedOnWrite() {
    assertRefused(Secret.class, () -> codec.encode(new Serializable[] {"fine", new Secret()}));
    assertRefused(Secret.class, () -> codec.encode(new Object[] {new Object[] {new Secret()}}));
    assertRefused(Secret.class, () -> codec.encode(new Holder(new Serializable[] {new Secret()}, 1)));
    assertRefused(Secret.class, () -> codec.encode(new JavaHolder(new Serializable[] {new Secret()}, null)));
  }

  @Test
  void aDisallowedElementOfAnInterfaceArrayIsRefusedOnReadBeforeItIsCreated() {
    List<byte[]> planted = List.of(planted(new Serializable[] {"fine", new Secret()}),
        planted(new Holder(new Serializable[] {new Secret()}, 1)),
        planted(new JavaHolder(new Serializable[] {new Secret()}, null)));
    int created = Secret.CREATED.get();
    for (byte[] bytes : planted) {
      assertRefused(Secret.class, () -> codec.decode(bytes));
    }
    assertEquals(created, Secret.CREATED.get(), "a Secret was created while reading");
  }

  @Test
  void anArrayOfAFinalDisallowedClassIsRefusedWhateverItHolds() {
    // its elements are read as Secret without their class being named, so the array itself is refused
    assertRefused(Secret.class, () -> codec.encode(new Secret[] {new Secret()}));
    assertRefused(Secret.class, () -> codec.encode(new Secret[0][0]));
    assertRefused(Secret.class, () -> codec.encode(new Holder(null, new Secret[1])));
    byte[] bytes = planted(new Secret[] {new Secret()});
    int created = Secret.CREATED.get();
    assertRefused(Secret.class, () -> codec.decode(bytes));
    assertEquals(created, Secret.CREATED.get());
  }

  @Test
  void enumsOfTheApplicationNeedNoConfiguration() {
    assertSame(Status.CLOSED, roundTrip(Status.CLOSED));
    assertSame(Operation.TIMES, roundTrip(Operation.TIMES));
    assertEquals(12, ((Operation) roundTrip(Operation.TIMES)).apply(3, 4));
    assertEquals(List.of(Status.OPEN, Operation.PLUS), roundTrip(new ArrayList<>(List.of(Status.OPEN, Operation.PLUS))));
    assertEquals(EnumSet.of(Status.CLOSED), roundTrip(EnumSet.of(Status.CLOSED)));
    EnumMap<Status, Integer> counts = new EnumMap<>(Map.of(Status.OPEN, 2));
    assertEquals(counts, roundTrip(counts));
    Status[] statuses = {Status.OPEN, Status.CLOSED};
    assertArrayEquals(statuses, (Object[]) roundTrip(statuses));
    // inside a Java-serialized value too
    JavaHolder back = (JavaHolder) roundTrip(new JavaHolder(new Serializable[] {Status.OPEN, Operation.PLUS}, null));
    assertSame(Status.OPEN, back.parts[0]);
    assertSame(Operation.PLUS, back.parts[1]);
  }

  @Test
  void recordsOfAcceptedComponentsNeedNoConfiguration() {
    OrderLine line = new OrderLine("sku-1", 2, new BigDecimal("9.99"), Status.OPEN);
    Order order = new Order(7, line, List.of(line, new OrderLine("sku-2", 1, BigDecimal.ONE, Status.CLOSED)),
        LocalDate.of(2024, 1, 2));
    assertEquals(order, roundTrip(order));
    assertEquals(new Tagged("t", 42), roundTrip(new Tagged("t", 42)));
    Chain chain = new Chain("a", new Chain("b", null));
    assertEquals(chain, roundTrip(chain));
    JavaHolder back = (JavaHolder) roundTrip(new JavaHolder(new Serializable[] {"x"}, List.of(line)));
    assertEquals(List.of(line), back.extra);
  }

  @Test
  void aRecordWithAFinalDisallowedComponentTypeIsRefused() {
    assertRefused(Sealed.class, () -> codec.encode(new Sealed("l", null)));
    byte[] bytes = planted(new Sealed("l", new Secret()));
    int created = Secret.CREATED.get();
    assertRefused(Sealed.class, () -> codec.decode(bytes));
    assertEquals(created, Secret.CREATED.get());
  }

  @Test
  void aDisallowedValueInAnOpenRecordComponentIsRefusedByItsOwnClass() {
    assertRefused(Secret.class, () -> codec.encode(new Tagged("t", new Secret())));
    byte[] bytes = planted(new Tagged("t", new Secret()));
    assertRefused(Secret.class, () -> codec.decode(bytes));
  }

  /** A record that is not Serializable. */
  public record Point(int x, int y) {
  }

  @Test
  void aNonSerializableObjectInsideAJavaSerializedValueIsReportedAsSuch() {
    // Kryo stores it fine on its own, but Java serialization, which a class with stream code gets, cannot
    assertEquals(new Point(1, 2), roundTrip(new Point(1, 2)));
    CodecException e = assertThrows(CodecException.class,
        () -> codec.encode(new JavaHolder(new Serializable[0], new Point(1, 2))));
    assertTrue(e.getMessage().contains("NotSerializableException") && e.getMessage().contains(Point.class.getName()),
        e.getMessage());
  }

  @Test
  void aClassOutsideTheRulesStillGetsTheErrorNamingTheProperty() {
    ClassNotAllowedException e = assertThrows(ClassNotAllowedException.class, () -> codec.encode(new Secret()));
    assertEquals(Secret.class.getName(), e.className());
    assertTrue(e.getMessage().contains(Secret.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("strata.serialization.allow"), e.getMessage());
  }

  @Test
  void aClassRefusedByTheRulesIsNeverInitialized() {
    ClassAllowList allowList = ClassAllowList.of(List.of(), List.of());
    ClassLoader loader = getClass().getClassLoader();
    String name = getClass().getName() + "$Untouched";
    assertRefused(Untouched.class, () -> allowList.resolve(name, loader));
    assertRefused(Untouched.class, () -> allowList.resolve("[L" + name + ";", loader));
    assertEquals(0, UNTOUCHED_INITIALIZED.get(), "the refused class was initialized");
  }

  private static void assertRefused(Class<?> expected, org.junit.jupiter.api.function.Executable action) {
    Throwable e = assertThrows(RuntimeException.class, action);
    ClassNotAllowedException rejected = assertInstanceOf(ClassNotAllowedException.class, e, e::toString);
    assertEquals(expected.getName(), rejected.className());
  }
}
