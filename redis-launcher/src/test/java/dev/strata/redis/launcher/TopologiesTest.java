package dev.strata.redis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's Cluster and Sentinel topologies come up, answer, and fail over. */
class TopologiesTest {

  @Test
  void clusterOfThreeMastersWithOneReplicaEachFailsOver() {
    try (RedisCluster cluster = RedisLauncher.startCluster(3, 1)) {
      assertEquals(6, cluster.nodes().size());
      assertEquals(3, cluster.masters().size());
      assertEquals(3, cluster.replicas().size());
      RedisNode master = cluster.masterForSlot(0);
      RedisNode promoted = cluster.failover(master);
      assertEquals(promoted.port(), cluster.masterForSlot(0).port());
      assertEquals(3, cluster.masters().size());
      RedisNode elected = cluster.killMaster(cluster.masterForSlot(16_383));
      assertEquals(elected.port(), cluster.masterForSlot(16_383).port());
      assertTrue(cluster.uri().startsWith("redis-cluster://127.0.0.1:"));
    }
  }

  @Test
  void sentinelsPromoteTheReplica() {
    try (RedisSentinels group = RedisLauncher.startSentinels()) {
      RedisNode first = group.master();
      RedisNode second = group.failover();
      assertNotEquals(first.port(), second.port());
      assertEquals("master", String.valueOf(((List<?>) second.command("ROLE")).get(0)));
      assertTrue(group.uri().endsWith("/" + RedisSentinels.MASTER_NAME));
    }
  }
}
