package dev.strata.jcache.codec;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which classes may be deserialized from Redis. Redis is shared, so its bytes are untrusted
 * input: only JDK value types, the classes Hibernate's and Spring's caches store themselves
 * ({@link FrameworkCacheTypes}), the cache's declared key and value types and the patterns the user
 * configured are accepted by name. A pattern is a class name ({@code com.acme.Order}), a package
 * with all its subpackages ({@code com.acme.*}), or {@code *}, which switches the check off.
 *
 * <p>Three kinds of class are accepted by rule, because reading them creates nothing the stream
 * could turn into running code:
 *
 * <ul>
 *   <li>an array whose element type is a primitive, an accepted class, or any type that is not
 *       final ({@code Object[]}, {@code Serializable[]}, {@code Comparable[]}): every element of such
 *       an array is written with its own class, which is checked on its own, so the array is only
 *       a container;
 *   <li>an enum: reading one looks up an existing constant by name or ordinal, it creates nothing
 *       and takes no data from the stream into the enum's code;
 *   <li>a record each of whose components would be accepted as an array element (so a final
 *       component type, which the stream does not name, must be accepted itself): reading one
 *       calls its canonical constructor, the same code that validates the record when the
 *       application creates one, with values that all passed these checks.
 * </ul>
 *
 * <p>Deciding by rule needs the class itself, so such a class is loaded (never initialized: no
 * static initializer runs) before it is checked, as Java's own serialization filter does.
 */
public final class ClassAllowList {

  /** JDK classes that carry plain values and are always allowed. */
  private static final Set<String> JDK_VALUE_TYPES = Set.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character", "java.lang.Object",
      "java.lang.Number", "java.lang.Enum",
      "java.math.BigInteger", "java.math.BigDecimal",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.ArrayDeque", "java.util.EnumMap", "java.util.EnumSet", "java.util.RegularEnumSet",
      "java.util.JumboEnumSet", "java.util.Date", "java.util.UUID", "java.util.Locale", "java.util.Currency",
      "java.util.Optional", "java.util.BitSet", "java.util.Arrays$ArrayList",
      "java.util.Collections$EmptyList", "java.util.Collections$EmptyMap", "java.util.Collections$EmptySet",
      "java.util.Collections$SingletonList", "java.util.Collections$SingletonMap",
      "java.util.Collections$SingletonSet", "java.util.Collections$UnmodifiableRandomAccessList",
      "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableMap",
      "java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableCollection",
      "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
      "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
      "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
      "java.net.URI", "java.net.URL", "java.sql.Date", "java.sql.Timestamp", "java.sql.Time");

  /**
   * The classes Java serialization writes in place of the value types above (their writeReplace
   * forms and the objects their writeObject writes). They appear only inside values that are
   * Java-serialized (classes with their own serialization code), when such a value holds, say, a
   * {@code List.of(...)}, an {@code EnumSet} or a {@code ConcurrentHashMap}. None of them runs code
   * on reading beyond rebuilding that value.
   */
  private static final Set<String> JDK_SERIAL_FORMS = Set.of(
      "java.util.CollSer", "java.util.EnumSet$SerializationProxy",
      "java.util.concurrent.ConcurrentHashMap$Segment", "java.util.concurrent.locks.ReentrantLock",
      "java.util.concurrent.locks.ReentrantLock$Sync", "java.util.concurrent.locks.ReentrantLock$NonfairSync",
      "java.util.concurrent.locks.AbstractQueuedSynchronizer",
      "java.util.concurrent.locks.AbstractOwnableSynchronizer");

  /** Packages whose every class is a value type. */
  private static final List<String> JDK_VALUE_PACKAGES = List.of("java.time.");

  private final boolean allowAll;
  private final Set<String> classes;
  private final List<String> packagePrefixes;

  /** The verdict on each class met, so that the rules run once per class, not once per value. */
  private final ClassValue<Boolean> verdicts = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return accepts(type, new HashSet<>());
    }
  };

  private ClassAllowList(boolean allowAll, Set<String> classes, List<String> packagePrefixes) {
    this.allowAll = allowAll;
    this.classes = classes;
    this.packagePrefixes = packagePrefixes;
  }

  /**
   * Builds an allow list from user patterns plus the given always-allowed classes (the cache's
   * declared key and value types).
   *
   * @throws IllegalArgumentException for a malformed pattern
   */
  public static ClassAllowList of(Collection<String> patterns, Collection<Class<?>> declaredTypes) {
    boolean all = false;
    List<String> prefixes = new ArrayList<>(JDK_VALUE_PACKAGES);
    Set<String> names = new HashSet<>(JDK_VALUE_TYPES);
    names.addAll(JDK_SERIAL_FORMS);
    names.addAll(FrameworkCacheTypes.HIBERNATE);
    names.addAll(FrameworkCacheTypes.SPRING);
    for (String raw : patterns) {
      String p = raw.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("*")) {
        all = true;
      } else if (p.endsWith(".*") || p.endsWith(".**")) {
        String prefix = p.substring(0, p.indexOf(".*") + 1);
        checkName(raw, prefix.substring(0, prefix.length() - 1));
        prefixes.add(prefix);
      } else {
        checkName(raw, p);
        names.add(p);
      }
    }
    for (Class<?> type : declaredTypes) {
      if (type != null && type != Object.class) {
        names.add(type.getName());
      }
    }
    return new ClassAllowList(all, Set.copyOf(names), List.copyOf(prefixes));
  }

  private static void checkName(String raw, String name) {
    if (name.isEmpty() || !name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
      throw new IllegalArgumentException("Invalid class allow-list pattern '" + raw
          + "': use a class name, a package followed by .*, or *");
    }
  }

  /** True when every class is accepted (the check was switched off explicitly). */
  public boolean allowsEverything() {
    return allowAll;
  }

  /**
   * Whether the named class is accepted by its name alone: listed, in a listed package, or an array
   * whose element class is (or is a primitive). Classes accepted by rule (enums, records, arrays of
   * non-final element types) need {@link #isAllowed(Class)}.
   */
  public boolean isAllowed(String className) {
    if (allowAll) {
      return true;
    }
    String name = className;
    while (name.startsWith("[")) {
      name = name.substring(1);
    }
    if (name.startsWith("L") && name.endsWith(";")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.length() == 1) {
      return true; // primitive array element such as [I
    }
    if (classes.contains(name)) {
      return true;
    }
    for (String prefix : packagePrefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether objects of {@code type} may be read: by name, or by the rules for arrays, enums and records. */
  public boolean isAllowed(Class<?> type) {
    return allowAll || verdicts.get(type);
  }

  /**
   * Loads the named class for a reader of untrusted bytes, refusing it unless it is allowed. A name
   * allowed as such is loaded as any class would be (a {@link ClassNotFoundException} then means it
   * is really missing); any other name is loaded without initializing it, only to apply the rules,
   * and a class that cannot be loaded for them is refused rather than reported missing, so that no
   * caller falls back to another class loader with a name this list never accepted.
   *
   * @throws ClassNotAllowedException naming the class the allow-list lacks
   */
  Class<?> resolve(String className, ClassLoader loader) throws ClassNotFoundException {
    if (isAllowed(className)) {
      return Class.forName(className, false, loader);
    }
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ClassNotAllowedException(className);
    }
    requireAllowed(type);
    return type;
  }

  /**
   * Throws unless objects of {@code type} may be read. For an array the exception names its
   * innermost element class, since that is what the allow-list lacks.
   *
   * @throws ClassNotAllowedException naming the class to allow
   */
  void requireAllowed(Class<?> type) {
    if (!isAllowed(type)) {
      Class<?> element = type;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      throw new ClassNotAllowedException(element.getName());
    }
  }

  /**
   * The rules. {@code recordsInProgress} holds the records whose components are being checked, so
   * that a record reaching itself through its components ({@code record Node(Node next)}) is judged
   * by its other components instead of looping.
   */
  private boolean accepts(Class<?> type, Set<Class<?>> recordsInProgress) {
    if (type.isArray()) {
      return acceptsAsElement(type.getComponentType(), recordsInProgress);
    }
    if (isAllowed(type.getName())) {
      return true;
    }
    // an enum constant with a body has a class of its own, a subclass of its enum
    if (Enum.class.isAssignableFrom(type)) {
      return true;
    }
    if (type.isRecord()) {
      if (!recordsInProgress.add(type)) {
        return true;
      }
      for (RecordComponent component : type.getRecordComponents()) {
        if (!acceptsAsElement(component.getType(), recordsInProgress)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Whether a slot of this declared type (an array element, a record component) may be read. Kryo
   * and Java serialization write the class of a value in a slot whose type is not final, and that
   * class is then checked on its own; a value in a slot of a final type (an array type counts as
   * final when its element type is) is read as that type without its class being named, so that
   * type must be accepted itself.
   */
  private boolean acceptsAsElement(Class<?> slotType, Set<Class<?>> recordsInProgress) {
    if (slotType.isPrimitive()) {
      return true;
    }
    if (slotType.isArray()) {
      return acceptsAsElement(slotType.getComponentType(), recordsInProgress);
    }
    return !Modifier.isFinal(slotType.getModifiers()) || accepts(slotType, recordsInProgress);
  }
}
