package dev.strata.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.it.KeyModel.Effect;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/**
 * The checker of {@link ClusterFailoverTest} must be able to fail: answers that no possible value
 * predicts are counted wrong, answers that one possible value predicts are not.
 */
class KeyModelTest {

  private static final KeyModel.Semantics GET = (k, current) -> new Effect(current, current);
  private static final String KEY = "k";

  private final KeyModel model = new KeyModel(List.of(KEY, "other"));

  @Test
  void aKnownValueMustBeAnsweredExactly() {
    put("1");
    get("1");
    assertEquals(0, model.tally().wrong());
    get("2");
    assertEquals(1, model.tally().wrong());
    assertTrue(model.tally().wrongAnswers().get(0).contains("put(k, 1)"), "the history names the write");
    assertEquals(List.of("other"), model.liveKeys(), "a key answered wrong is no longer checked");
  }

  @Test
  void aWriteThatThrewMayHaveBeenAppliedOrNot() {
    put("1");
    model.check("put(k, 2)", KEY, (k, current) -> new Effect(null, "2"), () -> {
      throw new CacheException("put failed; outcome unknown: the write may or may not have been applied");
    });
    assertEquals(Set.of("1", "2"), model.possibleValues(KEY));
    get("2");
    assertEquals(Set.of("2"), model.possibleValues(KEY), "a read re-anchors the model");
    get("1");
    assertEquals(1, model.tally().wrong(), "after the read, the value before the write is wrong");
    assertEquals(1, model.tally().exceptions());
    assertEquals(1, model.tally().outcomeUnknown());
  }

  @Test
  void aConditionalWriteMustAgreeWithSomePossibleValue() {
    model.check("put(k, 1)", KEY, (k, current) -> new Effect(null, "1"), () -> {
      throw new CacheException("put failed");
    });
    // absent or 1: putIfAbsent may answer either way, and then the model knows
    model.check("putIfAbsent(k, 3)", KEY, (k, current) -> current == null ? new Effect(true, "3")
        : new Effect(false, current), () -> false);
    assertEquals(Set.of("1"), model.possibleValues(KEY));
    model.check("replace(k, 5)", KEY, (k, current) -> current != null ? new Effect(true, "5")
        : new Effect(false, null), () -> false);
    assertEquals(1, model.tally().wrong(), "replace found no value where the model knows one");
  }

  @Test
  void aReadThatThrewChangesNothingAndOtherExceptionsAreWrong() {
    put("1");
    model.check("get(k)", KEY, GET, () -> {
      throw new CacheException("get failed");
    });
    assertEquals(Set.of("1"), model.possibleValues(KEY));
    model.check("get(other)", "other", GET, () -> {
      throw new IllegalStateException("not a CacheException");
    });
    assertEquals(1, model.tally().wrong());
    assertEquals(1, model.tally().exceptions());
  }

  @Test
  void getAllIsCheckedKeyByKey() {
    put("1");
    model.checkAll("getAll(k, other)", List.of(KEY, "other"), GET, () -> Map.of(KEY, "1")::get);
    assertEquals(0, model.tally().wrong());
    model.checkAll("getAll(k, other)", List.of(KEY, "other"), GET, () -> Map.of(KEY, "1", "other", "9")::get);
    assertEquals(1, model.tally().wrong(), "other is absent");
  }

  @Test
  void aKilledMasterMayLoseOnlyItsLastWrites() throws InterruptedException {
    put("1");
    Thread.sleep(KeyModel.REPLICATION_LAG_MILLIS + 100);
    put("2");
    put("3");
    get("3");
    KeyModel.masterLost(System.currentTimeMillis());
    get("2");
    assertEquals(0, model.tally().wrong(), "the replica may not have had the last write");
    assertEquals(Set.of("2"), model.possibleValues(KEY), "and the answer re-anchors the model");
    get("1");
    assertEquals(1, model.tally().wrong(), "a write older than the replication lag must have survived");
  }

  @Test
  void aKillWidensAKeyOnceAndNotAgain() {
    put("1");
    KeyModel.masterLost(System.currentTimeMillis());
    put("2");
    get("2");
    assertEquals(Set.of("2"), model.possibleValues(KEY), "writes after the kill's announcement are kept");
    get("1");
    assertEquals(1, model.tally().wrong(), "the kill was applied once, before the write that followed it");
  }

  @Test
  void theTallyTravelsThroughTheWorkerProtocol() {
    KeyModel.Tally tally = new KeyModel.Tally(10, 1, 3, 2, 4_001, List.of("at 5 ms: get(k) answered 2"));
    assertEquals(tally, KeyModel.Tally.parse(tally.line(), tally.wrongAnswers()));
  }

  private void put(String value) {
    model.check("put(k, " + value + ")", KEY, (k, current) -> new Effect(null, value), () -> null);
  }

  private void get(String answer) {
    model.check("get(k)", KEY, GET, () -> answer);
  }
}
