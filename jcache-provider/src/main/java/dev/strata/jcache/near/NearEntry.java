package dev.strata.jcache.near;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a near cache holds under a key: a remote read in flight ({@link Fill}, the placeholder) or
 * a value read from Redis ({@link Stored}).
 */
sealed interface NearEntry permits NearEntry.Fill, NearEntry.Stored {

  /** The entry's weight for a byte-bounded near cache. */
  int weight();

  /**
   * A placeholder put in before a remote read. Each is a distinct object: the read's result is
   * installed only by replacing this very placeholder, so an invalidation that removed it in the
   * meantime wins. Readers that find it share its result instead of reading Redis again.
   */
  final class Fill implements NearEntry {
    final long generation;
    final long startNanos = System.nanoTime();
    private final CompletableFuture<FillResult> result = new CompletableFuture<>();

    Fill(long generation) {
      this.generation = generation;
    }

    void complete(FillResult r) {
      result.complete(r);
    }

    void fail() {
      result.complete(null);
    }

    /** The shared result, or null if the owner's read failed or took too long. */
    FillResult await(long timeoutMillis) {
      try {
        return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException | TimeoutException e) {
        return null;
      }
    }

    @Override
    public int weight() {
      return 0;
    }
  }

  /**
   * A value read from (or written to) Redis.
   *
   * @param value the encoded bytes, or the decoded object
   * @param decoded whether {@code value} is the decoded object (object format, or an immutable
   *     type such as String that no caller can change, so sharing it is still store-by-value)
   * @param segment the key's segment
   * @param generation the segment state's generation when the read started
   * @param readSeq the segment's sequence number when Redis produced the value
   * @param expiresAt when the entry stops being served, on the {@link System#nanoTime} clock
   * @param weight the entry's weight in bytes
   */
  record Stored(Object value, boolean decoded, int segment, long generation, long readSeq, long expiresAt, int weight)
      implements NearEntry {
  }
}
