package dev.strata.jcache.store;

import java.util.List;

/**
 * The decoded reply of one script call: the script's own result list (byte arrays and longs) and
 * the events the call caused, in order.
 *
 * @param result the script's result items
 * @param events the changes the script made
 */
public record ScriptResult(List<Object> result, List<RawEvent> events) {

  /** The i-th result item as a long. */
  public long number(int i) {
    Object o = result.get(i);
    if (o instanceof Long l) {
      return l;
    }
    return Long.parseLong(new String((byte[]) o, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The i-th result item as bytes, or null for an empty string (the scripts' "absent"). */
  public byte[] bytes(int i) {
    Object o = result.get(i);
    if (o == null) {
      return null;
    }
    byte[] b = o instanceof byte[] bytes ? bytes : o.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return b.length == 0 ? null : b;
  }

  /** The number of result items. */
  public int size() {
    return result.size();
  }
}
