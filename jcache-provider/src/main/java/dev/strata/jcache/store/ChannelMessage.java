package dev.strata.jcache.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A message published by a script on the namespace's event channel: who sent it, which cache and
 * segment it is about, the segment's sequence number and epoch after the change, and the changes
 * (a {@code Z} event means the segment was cleared or destroyed). Encoded by {@code common.lua} as
 * 4-byte big-endian length-prefixed fields. A message with an empty cache name is a marker a
 * manager sends to itself to prove that its subscription delivers (see {@link #marker}).
 *
 * @param sender the instance id of the manager that ran the script
 * @param cacheName the cache the changes belong to, empty for a marker
 * @param segment the segment number
 * @param sequence the segment's sequence number after the change (a marker's nonce)
 * @param epoch the segment's epoch after the change, empty when the segment no longer exists
 * @param events the changes, in order
 */
public record ChannelMessage(String sender, String cacheName, int segment, long sequence, String epoch,
    List<RawEvent> events) {

  /** Encodes a marker message carrying {@code nonce}. */
  public static byte[] marker(String sender, long nonce) {
    byte[] header = header(sender, "", 0);
    byte[] seq = Long.toString(nonce).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(header.length + seq.length + 8);
    buf.put(header);
    putField(buf, seq);
    putField(buf, new byte[0]);
    return buf.array();
  }

  /** Whether this is a marker rather than a cache's changes. */
  public boolean isMarker() {
    return cacheName.isEmpty();
  }

  /** Encodes the fixed header the scripts prepend to their messages. */
  public static byte[] header(String sender, String cacheName, int segment) {
    ByteBuffer buf = ByteBuffer.allocate(512 + cacheName.length() * 4 + sender.length() * 4);
    putField(buf, sender.getBytes(StandardCharsets.UTF_8));
    putField(buf, cacheName.getBytes(StandardCharsets.UTF_8));
    putField(buf, Integer.toString(segment).getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  private static void putField(ByteBuffer buf, byte[] field) {
    buf.putInt(field.length).put(field);
  }

  /**
   * Decodes a message.
   *
   * @throws IllegalArgumentException if the bytes are not a Strata channel message
   */
  public static ChannelMessage decode(byte[] bytes) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      String sender = new String(field(buf), StandardCharsets.UTF_8);
      String cache = new String(field(buf), StandardCharsets.UTF_8);
      int segment = Integer.parseInt(new String(field(buf), StandardCharsets.US_ASCII));
      long seq = Long.parseLong(new String(field(buf), StandardCharsets.US_ASCII));
      String epoch = new String(field(buf), StandardCharsets.US_ASCII);
      List<RawEvent> events = new ArrayList<>();
      while (buf.hasRemaining()) {
        char type = (char) buf.get();
        byte[] key = field(buf);
        byte[] value = field(buf);
        byte[] old = field(buf);
        events.add(new RawEvent(type, key, value.length == 0 ? null : value, old.length == 0 ? null : old));
      }
      return new ChannelMessage(sender, cache, segment, seq, epoch, events);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Strata channel message (" + bytes.length + " bytes)", e);
    }
  }

  private static byte[] field(ByteBuffer buf) {
    int n = buf.getInt();
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }
}
