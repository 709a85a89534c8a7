package dev.strata.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Names the Redis keys of one cache: {@code strata:{<namespace>:<cache>:<segment>}:e|x}, and the
 * channel its events travel on: the namespace's channel {@code strata:<namespace>:events}, or with
 * sharded channels one per segment, {@code strata:{<namespace>:<cache>:<segment>}:c}, which hashes
 * to the segment's slot. The namespace keeps two managers apart; the segment number in the hash
 * tag spreads one cache over the slots (and so the masters) of a Redis Cluster. Names are kept readable for {@code redis-cli}; only the characters that would
 * break the hash tag or the separators are escaped.
 */
public final class KeyLayout {

  private final String namespace;
  private final String cacheName;
  private final List<SegmentKeys> segments;
  private final boolean shardedChannels;
  private final List<String> segmentChannels;

  /**
   * Creates the layout of cache {@code cacheName} in {@code namespace} with {@code segmentCount}
   * segments and the namespace's event channel.
   */
  public KeyLayout(String namespace, String cacheName, int segmentCount) {
    this(namespace, cacheName, segmentCount, false);
  }

  /** Creates a layout whose events travel on one sharded channel per segment when {@code shardedChannels}. */
  public KeyLayout(String namespace, String cacheName, int segmentCount, boolean shardedChannels) {
    if (segmentCount < 1) {
      throw new IllegalArgumentException("segment count must be at least 1, was " + segmentCount);
    }
    this.namespace = namespace;
    this.cacheName = cacheName;
    this.shardedChannels = shardedChannels;
    List<SegmentKeys> list = new ArrayList<>(segmentCount);
    List<String> channels = new ArrayList<>(segmentCount);
    String base = "strata:{" + escape(namespace) + ":" + escape(cacheName) + ":";
    for (int i = 0; i < segmentCount; i++) {
      String tag = base + i + "}:";
      list.add(new SegmentKeys(i, tag + "e", tag + "x"));
      channels.add(shardedChannels ? tag + "c" : channel(namespace));
    }
    this.segments = List.copyOf(list);
    this.segmentChannels = List.copyOf(channels);
  }

  /** Whether each segment publishes on its own sharded channel ({@code SPUBLISH}). */
  public boolean shardedChannels() {
    return shardedChannels;
  }

  /** The channel that carries the events of {@code segment}. */
  public String channelOf(SegmentKeys segment) {
    return segmentChannels.get(segment.index());
  }

  /** Every distinct channel of this cache: one per segment when sharded, else the namespace's. */
  public List<String> channels() {
    return shardedChannels ? segmentChannels : List.of(channel(namespace));
  }

  /** The channel that carries the events of every cache of a namespace. */
  public static String channel(String namespace) {
    return "strata:" + escape(namespace) + ":events";
  }

  /**
   * The sorted set that counts the cache's near-cache fills by key, {@code strata:{...:0}:h}: the
   * shared sketch of hot keys that near caches warm from (in segment 0's slot).
   */
  public String hotKeys() {
    String first = segments.get(0).entries();
    return first.substring(0, first.length() - 1) + "h";
  }

  /** The cache name. */
  public String cacheName() {
    return cacheName;
  }

  /** All segments, in index order. */
  public List<SegmentKeys> segments() {
    return segments;
  }

  /** The segment that holds the encoded key. Stable across JVMs and versions: CRC-32 of the bytes. */
  public SegmentKeys segmentOf(byte[] encodedKey) {
    if (segments.size() == 1) {
      return segments.get(0);
    }
    CRC32 crc = new CRC32();
    crc.update(encodedKey);
    return segments.get((int) (crc.getValue() % segments.size()));
  }

  /** Escapes braces, colons and percent signs so that names cannot break the key structure. */
  static String escape(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c == '{' || c == '}' || c == ':' || c == '%' || c < 0x21 || c >= 0x7f) {
        sb.append('%').append(String.format("%02X", b & 0xff));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
