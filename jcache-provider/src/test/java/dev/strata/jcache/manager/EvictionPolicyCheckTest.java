package dev.strata.jcache.manager;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which Redis memory settings earn a warning at connect time. */
class EvictionPolicyCheckTest {

  @Test
  void policiesThatCannotEvictStrataKeysAreReported() {
    assertTrue(EvictionPolicyCheck.advice("1048576", "volatile-lru").contains("never evicts"));
    assertTrue(EvictionPolicyCheck.advice("1048576", "volatile-ttl").contains("allkeys-lru"));
    assertNotNull(EvictionPolicyCheck.advice("1048576", "noeviction"));
  }

  @Test
  void noLimitOrAnAllKeysPolicyIsFine() {
    assertNull(EvictionPolicyCheck.advice("0", "noeviction"));
    assertNull(EvictionPolicyCheck.advice("1048576", "allkeys-lru"));
    assertNull(EvictionPolicyCheck.advice("1048576", "allkeys-random"));
    assertNull(EvictionPolicyCheck.advice(null, null));
  }
}
