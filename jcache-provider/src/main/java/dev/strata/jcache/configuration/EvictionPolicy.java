package dev.strata.jcache.configuration;

import java.util.Locale;

/**
 * Which entry a bounded cache removes from Redis when a new entry would take it over its
 * {@linkplain StrataConfiguration#setMaxEntries maximum entry count}. Each segment of the cache keeps
 * its entries in order in a sorted set next to its hash and removes the first of that order; see
 * "Bounded caches" in {@code docs/storage.md} for what each policy costs per operation.
 */
public enum EvictionPolicy {

  /** No bound: entries leave by expiry, removal or Redis's own {@code maxmemory} eviction only. */
  NONE('\0', false),

  /**
   * Least recently used: every read that reaches Redis and every write moves the entry to the end.
   * Reads served by a near cache reach Redis only in the near cache's periodic batch of recency
   * updates.
   */
  LRU('L', true),

  /**
   * Least frequently used, with dynamic aging: a read adds one to the entry's count, a new entry
   * starts one above the lowest count of its segment, so that entries that were popular long ago
   * do not stay forever.
   */
  LFU('F', true),

  /** First in, first out: the oldest creation leaves first; reads and updates do not matter. */
  FIFO('Q', false);

  private final char code;
  private final boolean recordsReads;

  EvictionPolicy(char code, boolean recordsReads) {
    this.code = code;
    this.recordsReads = recordsReads;
  }

  /** The letter the scripts know the policy by; 0 for {@link #NONE}. */
  public char code() {
    return code;
  }

  /** Whether a read must tell Redis about itself (a write in Redis) for the policy to work. */
  public boolean recordsReads() {
    return recordsReads;
  }

  /**
   * The policy named {@code text} ({@code lru}, {@code lfu}, {@code fifo}, {@code none}; {@code ttl}
   * means none: entries leave by expiry only), ignoring case.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static EvictionPolicy parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("ttl") || t.equals("off")) {
      return NONE;
    }
    for (EvictionPolicy p : values()) {
      if (p.name().toLowerCase(Locale.ROOT).equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown eviction policy '" + text + "'");
  }
}
