package dev.strata.bench;

import java.util.Map;
import java.util.Set;

/** A subject that hands every call to another one; subclasses change what they need. */
class ForwardingSubject<V> implements Subject<V> {

  private final Subject<V> delegate;

  ForwardingSubject(Subject<V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public V get(String key) {
    return delegate.get(key);
  }

  @Override
  public void put(String key, V value) {
    delegate.put(key, value);
  }

  @Override
  public Map<String, V> getAll(Set<String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public void putAll(Map<String, V> entries) {
    delegate.putAll(entries);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
