package dev.strata.jcache.store;

import java.util.Arrays;

/**
 * An entry as stored in its segment's hash: {@code <version>|<expiry in server ms, empty if it
 * never expires>|<encoded value>} (see common.lua). Parsed here for the reads that skip the
 * scripts; the scripts parse it the same way.
 *
 * @param version the segment's sequence number at the entry's last write
 * @param expiresAt the expiry time in server milliseconds, or -1 if the entry never expires
 * @param value the encoded value
 */
record Record(long version, long expiresAt, byte[] value) {

  /** Whether the entry has an expiry time, which only Redis's clock can judge. */
  boolean expires() {
    return expiresAt >= 0;
  }

  /** Parses a stored record; null when it is not one (a corrupt or foreign value). */
  static Record parse(byte[] raw) {
    int first = indexOf(raw, 0);
    int second = first < 0 ? -1 : indexOf(raw, first + 1);
    if (second < 0 || first == 0 || second == raw.length - 1) {
      return null;
    }
    long version = digits(raw, 0, first);
    long expiresAt = second == first + 1 ? -1 : digits(raw, first + 1, second);
    if (version < 0 || (second > first + 1 && expiresAt < 0)) {
      return null;
    }
    return new Record(version, expiresAt, Arrays.copyOfRange(raw, second + 1, raw.length));
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == '|') {
        return i;
      }
    }
    return -1;
  }

  /** The decimal number in raw[from, to), or -1 if it is not one (or too long to be one). */
  private static long digits(byte[] raw, int from, int to) {
    if (to - from > 18) {
      return -1;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      if (raw[i] < '0' || raw[i] > '9') {
        return -1;
      }
      n = n * 10 + (raw[i] - '0');
    }
    return n;
  }
}
