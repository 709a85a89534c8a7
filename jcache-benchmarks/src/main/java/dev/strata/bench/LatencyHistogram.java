package dev.strata.bench;

/**
 * Latencies in nanoseconds, kept in log-linear buckets (16 per power of two, about 6% wide), so
 * that recording is a few arithmetic operations and percentiles cost nothing to keep. Not
 * thread-safe: one per thread, merged at the end.
 */
final class LatencyHistogram {

  private static final int SUB_BUCKETS = 16;
  private final long[] counts = new long[64 * SUB_BUCKETS];
  private long total;

  void record(long nanos) {
    counts[index(Math.max(1, nanos))]++;
    total++;
  }

  void merge(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  long count() {
    return total;
  }

  /** The latency at quantile {@code q} (0..1), as the upper edge of its bucket, in nanoseconds. */
  long percentile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return upperEdge(i);
      }
    }
    return upperEdge(counts.length - 1);
  }

  private static int index(long v) {
    int exp = 63 - Long.numberOfLeadingZeros(v);
    if (exp < 4) {
      return (int) v; // exact below 16
    }
    int mantissa = (int) ((v >>> (exp - 4)) & (SUB_BUCKETS - 1));
    return exp * SUB_BUCKETS + mantissa;
  }

  private static long upperEdge(int index) {
    int exp = index / SUB_BUCKETS;
    if (exp < 4) {
      return index;
    }
    int mantissa = index % SUB_BUCKETS;
    return ((long) (SUB_BUCKETS + mantissa + 1) << (exp - 4)) - 1;
  }
}
