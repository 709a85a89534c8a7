package dev.strata.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoded reply of one script on one segment: the script's own result list (byte arrays and
 * longs), the events the call caused, in order, and the segment's epoch and sequence number after
 * the call. {@link RemoteStore} turns it into the typed reply of each operation; only the store
 * layer and the near cache (which tracks epochs and sequences) read it.
 *
 * @param result the script's result items
 * @param events the changes the script made
 * @param epoch the segment's epoch after the call, empty if the segment has no meta record
 * @param sequence the segment's sequence number after the call, 0 if none
 */
public record ScriptResult(List<Object> result, List<RawEvent> events, String epoch, long sequence) {

  /** Decodes one segment's {@code { result, events, epoch, sequence }}. */
  @SuppressWarnings("unchecked")
  static ScriptResult decode(List<Object> reply) {
    List<Object> result = (List<Object>) reply.get(0);
    List<Object> flat = (List<Object>) reply.get(1);
    List<RawEvent> events = flat.isEmpty() ? List.of() : new ArrayList<>(flat.size() / 4);
    for (int i = 0; i + 3 < flat.size(); i += 4) {
      events.add(new RawEvent((char) ((byte[]) flat.get(i))[0], (byte[]) flat.get(i + 1),
          nonEmpty(flat.get(i + 2)), nonEmpty(flat.get(i + 3))));
    }
    String seq = text(reply.get(3));
    return new ScriptResult(result, events, text(reply.get(2)), seq.isEmpty() ? 0 : Long.parseLong(seq));
  }

  /** The i-th result item as a long. */
  public long number(int i) {
    Object o = result.get(i);
    if (o instanceof Long l) {
      return l;
    }
    return Long.parseLong(text(o));
  }

  /** The i-th result item as bytes, or null for an empty string (the scripts' "absent"). */
  public byte[] bytes(int i) {
    Object o = result.get(i);
    if (o == null) {
      return null;
    }
    byte[] b = o instanceof byte[] bytes ? bytes : o.toString().getBytes(StandardCharsets.US_ASCII);
    return b.length == 0 ? null : b;
  }

  /** The i-th result item as text. */
  public String text(int i) {
    return text(result.get(i));
  }

  /** The number of result items. */
  public int size() {
    return result.size();
  }

  private static String text(Object o) {
    if (o == null) {
      return "";
    }
    return o instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : o.toString();
  }

  private static byte[] nonEmpty(Object o) {
    byte[] b = (byte[]) o;
    return b == null || b.length == 0 ? null : b;
  }
}
