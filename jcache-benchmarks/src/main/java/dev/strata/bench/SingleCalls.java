package dev.strata.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A subject whose bulk calls are made of single-key calls: what getAll/putAll save. */
final class SingleCalls<V> extends ForwardingSubject<V> {

  SingleCalls(Subject<V> bulk) {
    super(bulk);
  }

  @Override
  public String name() {
    return Workload.STRATA_SINGLE_CALLS;
  }

  @Override
  public Map<String, V> getAll(Set<String> keys) {
    Map<String, V> out = new HashMap<>();
    for (String k : keys) {
      V v = get(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  @Override
  public void putAll(Map<String, V> entries) {
    entries.forEach(this::put);
  }
}
