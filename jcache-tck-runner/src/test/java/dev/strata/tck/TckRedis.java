package dev.strata.tck;

import dev.strata.redis.launcher.RedisCluster;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the Redis the TCK runs against before the first test and stops it after the last, and
 * points the provider's default URI at it ({@code strata.uri}): a standalone redis-server, or, when
 * the system property {@code strata.tck.topology} is {@code cluster}, a Redis Cluster of 3 masters
 * with 1 replica each. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class TckRedis implements TestExecutionListener {

  private RedisNode node;
  private RedisCluster cluster;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    if (System.getProperty("strata.uri") != null) {
      return; // an explicitly configured server wins
    }
    if ("cluster".equals(System.getProperty("strata.tck.topology"))) {
      cluster = RedisLauncher.startCluster(3, 1);
      System.setProperty("strata.uri", cluster.uri());
      System.out.println("TCK runs against a Redis Cluster " + cluster.masters().get(0).version() + " at "
          + cluster.uri());
      return;
    }
    node = RedisLauncher.startStandalone();
    System.setProperty("strata.uri", node.uri());
    System.out.println("TCK runs against redis-server " + node.version() + " at " + node.uri());
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (node != null) {
      node.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    System.clearProperty("strata.uri");
  }
}
