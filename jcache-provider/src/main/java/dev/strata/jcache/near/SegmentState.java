package dev.strata.jcache.near;

/**
 * What one JVM knows about one segment of a cache, and the rules that decide which near entries of
 * that segment may still be served:
 * <ul>
 *   <li>{@code generation} changes when everything known is void (epoch change: flush, restart or
 *       failover with loss; sequence going backwards; destroy). Entries of an older generation are
 *       never served.</li>
 *   <li>{@code minReadSeq}: entries read at an older sequence number are never served. It moves up
 *       when messages were lost (a sequence jump, or a periodic check that finds Redis ahead for a
 *       whole interval) and when the segment was cleared.</li>
 * </ul>
 * Message handling and checks are serialized by the object's monitor; the serving test reads
 * volatile fields only.
 */
final class SegmentState {

  /** What an update found. */
  enum Change {
    /** Nothing unusual. */
    NONE,
    /** A message arrived after a check had already accounted for it. */
    LATE,
    /** Messages were lost: entries read before the last lost one are void. */
    GAP,
    /** The segment was cleared. */
    CLEARED,
    /** Everything known about the segment is void (epoch change, regression, destroy). */
    RESET
  }

  /** The state before a remote check was sent, to tell what changed while it was in flight. */
  record Mark(long generation, long lastSeq) {
  }

  private volatile String epoch;
  private volatile long generation;
  private volatile long minReadSeq;
  private volatile long lastSeq;
  private long suspect;

  /** Whether an entry read in {@code entryGeneration} at {@code readSeq} may be served. */
  boolean serves(long entryGeneration, long readSeq) {
    return entryGeneration == generation && readSeq >= minReadSeq;
  }

  /** Whether a fill that started in {@code fillGeneration} and read {@code fillEpoch} may be installed. */
  boolean accepts(String fillEpoch, long fillGeneration) {
    String e = epoch;
    return e != null && !e.isEmpty() && e.equals(fillEpoch) && fillGeneration == generation;
  }

  long generation() {
    return generation;
  }

  /** The highest sequence number seen on the channel or by a check. */
  long lastSeq() {
    return lastSeq;
  }

  /** Whether the state was read from Redis at least once. */
  boolean initialised() {
    return epoch != null;
  }

  synchronized Mark mark() {
    return new Mark(generation, lastSeq);
  }

  /** A message about this segment arrived. */
  synchronized Change onMessage(String messageEpoch, long seq, boolean cleared) {
    if (epoch == null) {
      return Change.NONE; // not initialised: the first check reads the sequence this message is part of
    }
    if (seq == 0 && messageEpoch.isEmpty()) {
      reset("", 0, 0); // destroyed
      return Change.RESET;
    }
    if (!messageEpoch.equals(epoch)) {
      // messages of the new epoch before this one were not seen by us
      reset(messageEpoch, seq, cleared ? seq : seq - 1);
      return Change.RESET;
    }
    Change change = Change.NONE;
    if (seq > lastSeq + 1) {
      minReadSeq = Math.max(minReadSeq, seq - 1);
      change = Change.GAP;
    } else if (seq <= lastSeq) {
      change = Change.LATE;
    }
    if (seq > lastSeq) {
      lastSeq = seq;
    }
    if (cleared) {
      minReadSeq = Math.max(minReadSeq, seq);
      if (change != Change.GAP) {
        change = Change.CLEARED;
      }
    }
    return change;
  }

  /**
   * The segment's meta as read from Redis after {@code before} was taken. A periodic check
   * ({@code reconnected == false}) treats Redis being ahead as messages in flight the first time and
   * as lost if still missing one check later; after a reconnect ({@code reconnected == true})
   * everything read before is void.
   */
  synchronized Change onCheck(Mark before, String remoteEpoch, long remoteSeq, boolean reconnected) {
    if (epoch == null) {
      reset(remoteEpoch, remoteSeq, 0);
      return Change.NONE;
    }
    if (generation != before.generation()) {
      return Change.NONE; // a message reset the segment while the check was in flight; it knows better
    }
    if (!remoteEpoch.equals(epoch)) {
      reset(remoteEpoch, remoteSeq, remoteSeq);
      return Change.RESET;
    }
    if (remoteSeq < before.lastSeq()) {
      // the sequence went backwards (data lost behind our back): nothing read before is trustworthy
      reset(remoteEpoch, remoteSeq, remoteSeq);
      return Change.RESET;
    }
    if (reconnected) {
      // After a disconnect the sequence alone cannot prove that nothing was lost: a replica promoted
      // without our last writes, then written to as often, shows the same number for another
      // history. So nothing read before the disconnect is served again.
      reset(remoteEpoch, remoteSeq, remoteSeq);
      return Change.RESET;
    }
    Change change = Change.NONE;
    if (suspect != 0 && lastSeq < suspect) {
      minReadSeq = Math.max(minReadSeq, suspect);
      lastSeq = suspect;
      change = Change.GAP;
    }
    suspect = remoteSeq > lastSeq ? remoteSeq : 0;
    return change;
  }

  /** This JVM's own clear (or destroy) was answered with {@code seq}. */
  synchronized void clearedBySelf(long seq, boolean destroyed) {
    if (destroyed) {
      reset(epoch == null ? null : "", 0, 0);
    } else {
      minReadSeq = Math.max(minReadSeq, seq);
    }
  }

  /** Something this JVM did on the segment failed with an unknown outcome: serve nothing read before. */
  synchronized void voidAll() {
    generation++;
  }

  private void reset(String newEpoch, long seq, long minRead) {
    generation++;
    epoch = newEpoch;
    lastSeq = seq;
    minReadSeq = minRead;
    suspect = 0;
  }
}
