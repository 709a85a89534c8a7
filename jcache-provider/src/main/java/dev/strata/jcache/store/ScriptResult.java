package dev.strata.jcache.store;

import java.util.List;

/**
 * The decoded reply of one script call: the script's own result list (byte arrays and longs), the
 * events the call caused, in order, and the segment's epoch and sequence number after the call.
 *
 * @param result the script's result items
 * @param events the changes the script made
 * @param epoch the segment's epoch after the call, empty if the segment has no meta record
 * @param sequence the segment's sequence number after the call, 0 if none
 */
public record ScriptResult(List<Object> result, List<RawEvent> events, String epoch, long sequence) {

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
