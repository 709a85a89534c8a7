package dev.strata.bench;

import java.util.Map;
import java.util.Set;

/**
 * One thing being measured: a cache (or the raw client) reached through one API.
 *
 * @param <V> the value type, String or byte[] (see {@link ValueType})
 */
interface Subject<V> extends AutoCloseable {

  /** The name shown in the tables. */
  String name();

  V get(String key);

  void put(String key, V value);

  Map<String, V> getAll(Set<String> keys);

  void putAll(Map<String, V> entries);

  @Override
  void close();
}
