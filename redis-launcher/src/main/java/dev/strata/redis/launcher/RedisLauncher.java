package dev.strata.redis.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts {@code redis-server} processes on free loopback ports and makes sure they are stopped,
 * also when the JVM exits without closing them (a shutdown hook stops whatever is still running).
 */
public final class RedisLauncher {

  private static final Set<RedisNode> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(RedisNode::stop),
        "strata-redis-launcher-shutdown"));
  }

  private RedisLauncher() {
  }

  /** Starts a standalone server with default settings. */
  public static RedisNode startStandalone() {
    return startStandalone(List.of());
  }

  /** Starts a standalone server with extra {@code redis-server} arguments such as {@code --maxmemory 10mb}. */
  public static RedisNode startStandalone(List<String> extraArgs) {
    return startNode(null, extraArgs);
  }

  /**
   * Starts a Redis Cluster of {@code masters} masters with {@code replicasPerMaster} replicas each,
   * slots spread evenly, and waits until every node reports the cluster as ok.
   */
  public static RedisCluster startCluster(int masters, int replicasPerMaster) {
    return RedisCluster.start(masters, replicasPerMaster);
  }

  /** Starts one master, one replica and three sentinels monitoring them as {@code mymaster}. */
  public static RedisSentinels startSentinels() {
    return RedisSentinels.start();
  }

  /**
   * Starts one server on a free port; {@code config} makes the first argument a configuration file
   * written by {@code config.apply(port, workDir)} (sentinels need one).
   */
  static RedisNode startNode(java.util.function.BiFunction<Integer, Path, Path> config, List<String> extraArgs) {
    Path binary = RedisBinary.locate();
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      Path dir;
      try {
        dir = Files.createTempDirectory("strata-redis-" + port + "-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RedisNode node = new RedisNode(binary, port, dir, config == null ? null : config.apply(port, dir), extraArgs);
      try {
        node.start();
        RUNNING.add(node);
        return node;
      } catch (IllegalStateException e) {
        // another process may have taken the port between probing and binding: try another one
        node.close();
        failure = e;
      }
    }
    throw failure;
  }

  /** Forgets a node stopped for good, so that the shutdown hook does not hold on to it. */
  static void forget(RedisNode node) {
    RUNNING.remove(node);
  }

  /** Returns a TCP port that was free on the loopback interface a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

}
