package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The default contents of the allow-list and how names are resolved against it. */
class ClassAllowListTest {

  private final ClassAllowList defaults = ClassAllowList.of(List.of(), List.of());
  private final ClassLoader loader = getClass().getClassLoader();

  /** The framework classes documented in docs/serialization.md, spelled out here to catch a change to either. */
  private static final Set<String> DOCUMENTED_FRAMEWORK_CLASSES = Set.of(
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
      "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1",
      "org.hibernate.type.AnyType$ObjectTypeCacheEntry",
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue");

  @Test
  void theFrameworkClassesAreAllowedByDefaultAndNothingElseOfTheirPackages() {
    Set<String> listed = new TreeSet<>(FrameworkCacheTypes.HIBERNATE);
    listed.addAll(FrameworkCacheTypes.SPRING);
    assertEquals(new TreeSet<>(DOCUMENTED_FRAMEWORK_CLASSES), listed);
    for (String name : DOCUMENTED_FRAMEWORK_CLASSES) {
      assertTrue(defaults.isAllowed(name), name);
    }
    // by exact name: their neighbours are not (a persister, a typed value holding a Hibernate Type,
    // the entry that holds the entity persister, Spring's cache manager)
    for (String name : List.of("org.hibernate.engine.spi.TypedValue",
        "org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl",
        "org.hibernate.persister.entity.SingleTableEntityPersister",
        "org.hibernate.cache.internal.QueryResultsCacheImpl",
        "org.springframework.cache.support.SimpleCacheManager",
        "org.springframework.cache.interceptor.SimpleKeyGenerator")) {
      assertFalse(defaults.isAllowed(name), name);
    }
  }

  @Test
  void interfaceAndAbstractTypesAreAcceptedOnlyAsArrayElements() {
    assertTrue(defaults.isAllowed(Serializable[].class));
    assertTrue(defaults.isAllowed(Comparable[][].class));
    assertTrue(defaults.isAllowed(Number[].class));
    assertTrue(defaults.isAllowed(int[][].class));
    assertFalse(defaults.isAllowed(Serializable.class));
    assertFalse(defaults.isAllowed(Runnable.class));
    // any enum, also as an element type; a final class outside the list is not accepted as one
    assertTrue(defaults.isAllowed(Thread.State[].class));
    assertFalse(defaults.isAllowed(ProcessBuilder[].class));
  }

  @Test
  void resolvingLoadsAllowedNamesAndArraysOfInterfaces() throws ClassNotFoundException {
    assertSame(Serializable[].class, defaults.resolve("[Ljava.io.Serializable;", loader));
    assertSame(Object[][].class, defaults.resolve("[[Ljava.lang.Object;", loader));
    assertSame(String.class, defaults.resolve("java.lang.String", loader));
    ClassNotAllowedException e = assertThrows(ClassNotAllowedException.class,
        () -> defaults.resolve("[Ljava.lang.ProcessBuilder;", loader));
    assertEquals("java.lang.ProcessBuilder", e.className());
    assertThrows(ClassNotAllowedException.class, () -> defaults.resolve("java.io.Serializable", loader));
  }

  @Test
  void aMissingClassIsReportedMissingOnlyWhenItsNameIsAllowed() {
    // a name the list accepts but nobody has: the caller may look elsewhere
    ClassAllowList listed = ClassAllowList.of(List.of("com.acme.Missing"), List.of());
    assertThrows(ClassNotFoundException.class, () -> listed.resolve("com.acme.Missing", loader));
    // any other name: refused, so that no fallback loader resolves a name the list never accepted
    ClassNotAllowedException e = assertThrows(ClassNotAllowedException.class,
        () -> defaults.resolve("com.acme.Missing", loader));
    assertEquals("com.acme.Missing", e.className());
    assertThrows(ClassNotAllowedException.class, () -> defaults.resolve("[Lcom.acme.Missing;", loader));
  }

  @Test
  void allowingEverythingAcceptsAnyClass() {
    ClassAllowList all = ClassAllowList.of(List.of("*"), List.of());
    assertTrue(all.allowsEverything());
    assertTrue(all.isAllowed(ProcessBuilder.class));
    assertTrue(all.isAllowed("java.lang.ProcessBuilder"));
  }
}
