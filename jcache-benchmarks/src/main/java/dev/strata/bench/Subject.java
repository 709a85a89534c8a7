package dev.strata.bench;

import java.util.Map;
import java.util.Set;

/** One thing being measured: a cache (or the raw client) reached through one API. */
interface Subject extends AutoCloseable {

  /** The name shown in the tables. */
  String name();

  String get(String key);

  void put(String key, String value);

  Map<String, String> getAll(Set<String> keys);

  void putAll(Map<String, String> entries);

  @Override
  void close();
}
