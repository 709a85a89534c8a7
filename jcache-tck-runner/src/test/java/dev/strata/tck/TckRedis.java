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
 * with 1 replica each; when {@code strata.tck.storage} is {@code compressed-encrypted}, a standalone
 * server named through a Strata file that compresses and encrypts every cache. Registered through
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
    if ("compressed-encrypted".equals(System.getProperty("strata.tck.storage"))) {
      System.setProperty("strata.uri", storagePolicyFile(node.uri()).toUri().toString());
      System.out.println("TCK runs against redis-server " + node.version() + " at " + node.uri()
          + ", every cache of the default manager compressed (above 64 bytes) and encrypted");
      return;
    }
    System.setProperty("strata.uri", node.uri());
    System.out.println("TCK runs against redis-server " + node.version() + " at " + node.uri());
  }

  /**
   * A Strata file that gives every cache compression and encryption (with a fresh random key in a
   * file next to it), as a user would switch them on for caches a framework creates.
   */
  private static java.nio.file.Path storagePolicyFile(String redisUri) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strata-tck");
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      java.nio.file.Path keyFile = java.nio.file.Files.writeString(dir.resolve("tck.key"),
          java.util.Base64.getEncoder().encodeToString(key));
      String yaml = "strata:\n"
          + "  redis: " + redisUri + "\n"
          + "  properties:\n"
          + "    strata.encryption.keys: \"tck=file:" + keyFile + "\"\n"
          + "  caches:\n"
          + "    \"*\": { compression: 64B, encryption: tck }\n";
      java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("strata.yaml"), yaml);
      dir.toFile().deleteOnExit();
      keyFile.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
