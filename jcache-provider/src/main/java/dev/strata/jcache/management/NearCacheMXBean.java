package dev.strata.jcache.management;

/**
 * The near cache of one cache in one JVM, as JMX shows it under
 * {@code dev.strata:type=NearCache,CacheManager=<uri>,Cache=<name>}.
 */
public interface NearCacheMXBean {

  /** Entries held (values and reads in flight). */
  long getEntries();

  /** Approximate bytes held: encoded keys and values plus a fixed overhead per entry. */
  long getBytes();

  /** Reads served from memory. */
  long getHits();

  /** Reads that went to Redis although the near cache was serving. */
  long getMisses();

  /** Entries dropped to respect the size bound. */
  long getEvictions();

  /** Keys named by other JVMs' invalidation messages. */
  long getInvalidationsReceived();

  /** Remote reads whose result was not installed because the key changed while they were in flight. */
  long getStaleInstallsPrevented();

  /** Times lost messages were detected (sequence jump or periodic check). */
  long getGapsDetected();

  /** Times a segment was cleared or reset (clear, flush, epoch change, destroy). */
  long getSegmentClears();

  /** Reads sent to Redis because the near cache was bypassed (disconnected or reconciling). */
  long getBypassedReads();

  /** CONNECTED, BYPASS or RECONCILING. */
  String getState();
}
