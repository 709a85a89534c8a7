package dev.strata.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A subject whose bulk calls are made of single-key calls: what getAll/putAll save. */
final class SingleCalls {

  private SingleCalls() {
  }

  static Subject of(Subject s) {
    return new Subject() {
      @Override
      public String name() {
        return Workload.STRATA_SINGLE_CALLS;
      }

      @Override
      public String get(String key) {
        return s.get(key);
      }

      @Override
      public void put(String key, String value) {
        s.put(key, value);
      }

      @Override
      public Map<String, String> getAll(Set<String> keys) {
        Map<String, String> out = new HashMap<>();
        for (String k : keys) {
          String v = s.get(k);
          if (v != null) {
            out.put(k, v);
          }
        }
        return out;
      }

      @Override
      public void putAll(Map<String, String> entries) {
        entries.forEach(s::put);
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }
}
