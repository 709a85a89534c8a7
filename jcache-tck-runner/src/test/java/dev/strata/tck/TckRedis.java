package dev.strata.tck;

import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the redis-server the TCK runs against before the first test and stops it after the last,
 * and points the provider's default URI at it ({@code strata.uri}). Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class TckRedis implements TestExecutionListener {

  private RedisNode node;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    if (System.getProperty("strata.uri") != null) {
      return; // an explicitly configured server wins
    }
    node = RedisLauncher.startStandalone();
    System.setProperty("strata.uri", node.uri());
    System.out.println("TCK runs against redis-server " + node.version() + " at " + node.uri());
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (node != null) {
      node.close();
      System.clearProperty("strata.uri");
    }
  }
}
