package dev.strata.redis.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A master, a replica and three sentinels monitoring them as {@value #MASTER_NAME} (quorum 2,
 * down after 1 s), all real {@code redis-server} processes on loopback ports. Helpers find the
 * current master, kill it, and force a failover.
 */
public final class RedisSentinels implements AutoCloseable {

  /** The name the sentinels monitor. */
  public static final String MASTER_NAME = "mymaster";

  private final List<RedisNode> servers = new ArrayList<>();
  private final List<RedisNode> sentinels = new ArrayList<>();

  private RedisSentinels() {
  }

  static RedisSentinels start() {
    RedisSentinels group = new RedisSentinels();
    try {
      RedisNode master = RedisLauncher.startNode(null, List.of());
      group.servers.add(master);
      group.servers.add(RedisLauncher.startNode(null, List.of("--replicaof", master.host(),
          Integer.toString(master.port()))));
      for (int i = 0; i < 3; i++) {
        group.sentinels.add(RedisLauncher.startNode((port, dir) -> sentinelConfig(dir, master), List.of("--sentinel")));
      }
      RedisCluster.await("the replica to sync", () -> String.valueOf(group.servers.get(1).command("INFO",
          "replication")).contains("master_link_status:up"));
      RedisCluster.await("the sentinels to know the replica and each other", () -> group.sentinels.stream()
          .allMatch(s -> group.sentinelSees(s)));
      return group;
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
  }

  private static Path sentinelConfig(Path dir, RedisNode master) {
    Path conf = dir.resolve("sentinel.conf");
    String text = "sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 2\n"
        + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
        + "sentinel failover-timeout " + MASTER_NAME + " 5000\n"
        + "sentinel parallel-syncs " + MASTER_NAME + " 1\n";
    try {
      Files.writeString(conf, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }

  private boolean sentinelSees(RedisNode sentinel) {
    List<?> master = (List<?>) sentinel.command("SENTINEL", "MASTER", MASTER_NAME);
    int replicas = -1;
    int others = -1;
    for (int i = 0; i + 1 < master.size(); i += 2) {
      String field = String.valueOf(master.get(i));
      if (field.equals("num-slaves")) {
        replicas = Integer.parseInt(String.valueOf(master.get(i + 1)));
      } else if (field.equals("num-other-sentinels")) {
        others = Integer.parseInt(String.valueOf(master.get(i + 1)));
      }
    }
    return replicas >= 1 && others >= 2;
  }

  /** A {@code redis-sentinel://} URI naming the three sentinels and the master name. */
  public String uri() {
    StringBuilder b = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinels.size(); i++) {
      b.append(i == 0 ? "" : ",").append(sentinels.get(i).host()).append(':').append(sentinels.get(i).port());
    }
    return b.append('/').append(MASTER_NAME).toString();
  }

  /** The two data servers (master and replica, in start order). */
  public List<RedisNode> servers() {
    return List.copyOf(servers);
  }

  /** The three sentinels. */
  public List<RedisNode> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The data server the sentinels name as master now. */
  public RedisNode master() {
    for (RedisNode s : sentinels) {
      if (s.pid() == -1) {
        continue;
      }
      List<?> addr = (List<?>) s.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
      int port = Integer.parseInt(String.valueOf(addr.get(1)));
      return servers.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }
    throw new IllegalStateException("no sentinel is running");
  }

  /** Asks the sentinels to fail over now and waits until they name the other server; returns it. */
  public RedisNode failover() {
    RedisNode before = master();
    sentinels.get(0).command("SENTINEL", "FAILOVER", MASTER_NAME);
    RedisCluster.await("the sentinels to promote the replica", () -> master().port() != before.port()
        && "master".equals(String.valueOf(((List<?>) master().command("ROLE")).get(0))));
    return master();
  }

  /** Kills the master and waits until the sentinels promoted the replica; returns the new master. */
  public RedisNode killMaster() {
    RedisNode before = master();
    before.stop();
    RedisCluster.await("the sentinels to elect a new master", () -> master().port() != before.port());
    return master();
  }

  @Override
  public void close() {
    sentinels.forEach(RedisNode::close);
    servers.forEach(RedisNode::close);
  }
}
