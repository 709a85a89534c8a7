package dev.strata.jcache.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Decides which classes may be deserialized from Redis. Redis is shared, so its bytes are untrusted
 * input: only JDK value types, the cache's declared key and value types and the patterns the user
 * configured are accepted. A pattern is a class name ({@code com.acme.Order}), a package with all
 * its subpackages ({@code com.acme.*}), or {@code *}, which switches the check off.
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
    java.util.HashSet<String> names = new java.util.HashSet<>(JDK_VALUE_TYPES);
    names.addAll(JDK_SERIAL_FORMS);
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

  /** Whether objects of the named class (binary name, arrays resolved to their element) may be read. */
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
}
