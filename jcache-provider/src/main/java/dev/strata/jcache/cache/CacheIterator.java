package dev.strata.jcache.cache;

import dev.strata.jcache.codec.CacheCodec;
import dev.strata.jcache.expiry.ExpiryStrategy;
import dev.strata.jcache.integration.SimpleEntry;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.RemoteStore;
import dev.strata.jcache.store.ScanPage;
import dev.strata.jcache.store.SegmentKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Iterates a cache segment by segment, a page of entries ({@code HSCAN}) at a time, so only the
 * cache's own keys are read and memory stays bounded by the page size. Expired entries are skipped
 * (and removed, firing EXPIRED); every entry returned counts as an access for expiry and as a hit.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private static final int PAGE_SIZE = 200;

  private final StrataCache<K, V> cache;
  private final CacheCodec codec;
  private final RemoteStore store;
  private final ExpiryStrategy expiry;
  private final CacheStatistics stats;
  private final Iterator<SegmentKeys> segments;
  private final ArrayDeque<Cache.Entry<K, V>> page = new ArrayDeque<>();
  private final ArrayDeque<byte[][]> pageRecords = new ArrayDeque<>();
  private final Set<ByteBuffer> seenInSegment = new HashSet<>();
  private SegmentKeys segment;
  private String cursor = "0";
  private Cache.Entry<K, V> last;

  CacheIterator(StrataCache<K, V> cache, CacheContext<K, V> context) {
    this.cache = cache;
    this.codec = context.codec();
    this.store = context.store();
    this.expiry = context.expiry();
    this.stats = context.statistics();
    this.segments = store.layout().segments().iterator();
  }

  @Override
  public boolean hasNext() {
    cache.checkOpen();
    while (page.isEmpty()) {
      if (segment == null) {
        if (!segments.hasNext()) {
          return false;
        }
        segment = segments.next();
        cursor = "0";
        seenInSegment.clear();
        fetch();
      } else if (!cursor.equals("0")) {
        fetch();
      } else {
        segment = null;
      }
    }
    return true;
  }

  /** Reads the next page; entries that cannot be read are skipped and reported, never thrown. */
  @SuppressWarnings("unchecked")
  private void fetch() {
    long ttl = expiry.isConstant() ? expiry.accessTtl() : RemoteStore.TTL_UNCHANGED;
    ScanPage p = store.scan(segment, cursor, PAGE_SIZE, ttl);
    cursor = p.cursor();
    int unreadable = 0;
    for (byte[][] item : p.entries()) {
      if (!seenInSegment.add(ByteBuffer.wrap(item[0]))) {
        continue;
      }
      if (item[1] == null) {
        unreadable++;
        continue;
      }
      try {
        page.add(new SimpleEntry<>((K) codec.decode(item[0]), (V) codec.decode(item[1])));
        pageRecords.add(item);
      } catch (CacheException e) {
        unreadable++;
      }
    }
    CorruptEntries.skipped(cache.getName(), unreadable);
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long start = stats.start();
    byte[][] item = pageRecords.poll();
    if (!expiry.isConstant()) {
      long accessTtl = expiry.accessTtl();
      if (accessTtl != RemoteStore.TTL_UNCHANGED) {
        store.commit(item[0], new String(item[2], StandardCharsets.US_ASCII), 'T', null, accessTtl, false);
      }
    }
    last = page.poll();
    stats.hits(1);
    stats.getTime(start);
    return last;
  }

  @Override
  public void remove() {
    if (last == null) {
      throw new IllegalStateException("next() has not been called, or remove() was called already");
    }
    cache.checkOpen();
    K key = last.getKey();
    last = null;
    cache.remove(key);
  }
}
