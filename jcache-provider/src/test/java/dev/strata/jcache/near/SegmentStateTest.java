package dev.strata.jcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rules that decide which near entries are served, one case each. */
class SegmentStateTest {

  private static SegmentState initialised(String epoch, long seq) {
    SegmentState s = new SegmentState();
    s.onCheck(s.mark(), epoch, seq, false);
    return s;
  }

  @Test
  void consecutiveMessagesKeepEntriesServable() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.NONE, s.onMessage("e1", 11, false));
    assertTrue(s.serves(g, 10));
  }

  @Test
  void sequenceJumpVoidsEntriesReadBeforeTheLostMessage() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.GAP, s.onMessage("e1", 13, false)); // 11 and 12 lost
    assertFalse(s.serves(g, 11), "read before lost write 12");
    assertTrue(s.serves(g, 12), "read after lost write 12");
  }

  @Test
  void epochChangeVoidsEverything() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.RESET, s.onMessage("e2", 1, false));
    assertFalse(s.serves(g, 100));
    assertTrue(s.accepts("e2", s.generation()));
    assertFalse(s.accepts("e1", s.generation()));
  }

  @Test
  void periodicCheckConfirmsALossOnlyOneIntervalLater() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.NONE, s.onCheck(s.mark(), "e1", 11, false), "11 may be in flight");
    assertTrue(s.serves(g, 10));
    assertEquals(SegmentState.Change.GAP, s.onCheck(s.mark(), "e1", 11, false), "still missing: lost");
    assertFalse(s.serves(g, 10));
    assertTrue(s.serves(g, 11));
    assertEquals(SegmentState.Change.LATE, s.onMessage("e1", 11, false));
  }

  @Test
  void messageArrivingBeforeTheConfirmationCancelsTheSuspicion() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    s.onCheck(s.mark(), "e1", 11, false);
    s.onMessage("e1", 11, false);
    assertEquals(SegmentState.Change.NONE, s.onCheck(s.mark(), "e1", 11, false));
    assertTrue(s.serves(g, 10));
  }

  @Test
  void sequenceGoingBackwardsResets() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.RESET, s.onCheck(s.mark(), "e1", 4, false));
    assertFalse(s.serves(g, 10));
  }

  @Test
  void reconnectVoidsEverythingReadBefore() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.RESET, s.onCheck(s.mark(), "e1", 12, true));
    assertFalse(s.serves(g, 12));
    assertTrue(s.serves(s.generation(), 12));
    assertTrue(s.accepts("e1", s.generation()));
  }

  @Test
  void reconnectVoidsEvenWhenTheSequenceLooksUnchanged() {
    // a promoted replica that lost write 10 and then took another write shows 10 again
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.RESET, s.onCheck(s.mark(), "e1", 10, true));
    assertFalse(s.serves(g, 10));
  }

  @Test
  void clearVoidsEntriesReadBeforeIt() {
    SegmentState s = initialised("e1", 10);
    long g = s.generation();
    assertEquals(SegmentState.Change.CLEARED, s.onMessage("e1", 11, true));
    assertFalse(s.serves(g, 10));
    assertTrue(s.serves(g, 11));
  }

  @Test
  void destroyForgetsTheEpochUntilTheNextWrite() {
    SegmentState s = initialised("e1", 10);
    assertEquals(SegmentState.Change.RESET, s.onMessage("", 0, true));
    assertFalse(s.accepts("", s.generation()), "a segment without epoch installs nothing");
    assertEquals(SegmentState.Change.RESET, s.onMessage("e2", 1, false));
    assertTrue(s.accepts("e2", s.generation()));
  }

  @Test
  void checkOvertakenByAResetIsIgnored() {
    SegmentState s = initialised("e1", 10);
    SegmentState.Mark before = s.mark();
    s.onMessage("e2", 1, false);
    assertEquals(SegmentState.Change.NONE, s.onCheck(before, "e1", 10, false), "the check read the old epoch");
    assertTrue(s.accepts("e2", s.generation()));
  }
}
