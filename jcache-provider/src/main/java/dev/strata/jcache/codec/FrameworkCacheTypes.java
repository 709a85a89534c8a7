package dev.strata.jcache.codec;

import java.util.Set;

/**
 * The classes that Hibernate ORM's second-level cache and Spring's cache abstraction put into a
 * JCache cache themselves, allowed by default so that those frameworks work without an allow-list.
 * Each is named exactly: their packages hold many other classes (persisters, session factories,
 * proxies) that must never be created from bytes in Redis. Every class here is a plain carrier of
 * strings, numbers and nested values; the nested values (entity ids, attribute values, query
 * parameters) are checked one by one like any other value, so user classes inside them still need
 * the allow-list unless a general rule (arrays, enums, records) covers them.
 *
 * <p>The names were taken from hibernate-core 6.6 and spring-context 6.2 (see docs/serialization.md
 * for what each one holds). A framework version that renames one of them gets the usual
 * "not allowed" error naming the new class.
 */
final class FrameworkCacheTypes {

  /**
   * Hibernate ORM 6.x second-level cache: region keys, entity and collection entries, the
   * read-write strategy's lock items, query cache keys and results, and the two marker objects an
   * entity's disassembled state may hold.
   */
  static final Set<String> HIBERNATE = Set.of(
      // keys of entity and collection regions (DefaultCacheKeysFactory): a basic id, or the
      // disassembled id (an Object[] for a composite id) with the entity or role name
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      // keys of natural-id regions: the disassembled natural id values
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      // an entity's entry: Serializable[] of disassembled attribute values, version, entity name
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      // a collection's entry: the disassembled elements (an array of ids or values)
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      // read-write access wraps each entry in an Item, and a soft lock while a transaction writes
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
      // query cache: the key (SQL, bound parameter values, row limits, filter names; it has a
      // readObject, so it is Java-serialized) and the entry (timestamp and the cached JDBC rows)
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      // markers CacheEntryHelper puts into a disassembled state for a lazy attribute that was not
      // fetched and for an unknown back-reference; their readResolve keeps them the singletons
      // Hibernate compares by identity
      "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
      "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1",
      // the disassembled value of an @Any association: entity name and id
      "org.hibernate.type.AnyType$ObjectTypeCacheEntry");

  /** Spring's cache abstraction: the key of several (or no) arguments and the stored null. */
  static final Set<String> SPRING = Set.of(
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue");

  private FrameworkCacheTypes() {
  }
}
