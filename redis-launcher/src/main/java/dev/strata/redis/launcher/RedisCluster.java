package dev.strata.redis.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Redis Cluster of real {@code redis-server} processes on loopback ports, built without
 * {@code redis-cli}: slots are assigned with {@code CLUSTER ADDSLOTS}, nodes introduced with
 * {@code CLUSTER MEET}, replicas attached with {@code CLUSTER REPLICATE}. Node timeout is short
 * (1.5 s) so that failover tests finish quickly. Helpers kill, pause and restart nodes and force a
 * failover.
 */
public final class RedisCluster implements AutoCloseable {

  /** Cluster node timeout in milliseconds. */
  public static final int NODE_TIMEOUT_MILLIS = 1_500;
  private static final int SLOTS = 16_384;

  private final List<RedisNode> nodes;

  private RedisCluster(List<RedisNode> nodes) {
    this.nodes = nodes;
  }

  static RedisCluster start(int masters, int replicasPerMaster) {
    List<RedisNode> nodes = new ArrayList<>();
    RedisCluster cluster = new RedisCluster(nodes);
    try {
      int total = masters * (1 + replicasPerMaster);
      for (int i = 0; i < total; i++) {
        nodes.add(RedisLauncher.startNode(null, List.of("--cluster-enabled", "yes", "--cluster-config-file",
            "nodes.conf", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS))));
      }
      for (int m = 0; m < masters; m++) {
        List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = m * SLOTS / masters; slot < (m + 1) * SLOTS / masters; slot++) {
          args.add(Integer.toString(slot));
        }
        nodes.get(m).command(args.toArray(String[]::new));
      }
      RedisNode first = nodes.get(0);
      for (RedisNode n : nodes.subList(1, nodes.size())) {
        n.command("CLUSTER", "MEET", first.host(), Integer.toString(first.port()));
      }
      await("all nodes to know each other", () -> nodes.stream().allMatch(n -> knownNodes(n) == total));
      for (int m = 0; m < masters; m++) {
        String masterId = cluster.nodeId(nodes.get(m));
        for (int r = 0; r < replicasPerMaster; r++) {
          RedisNode replica = nodes.get(masters + m * replicasPerMaster + r);
          await("the replica to see its master", () -> String.valueOf(replica.command("CLUSTER", "NODES"))
              .contains(masterId));
          replica.command("CLUSTER", "REPLICATE", masterId);
        }
      }
      cluster.awaitHealthy();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Waits until every running node says the cluster is ok and every replica is in sync. */
  public void awaitHealthy() {
    await("the cluster to be ok on every node", () -> running().stream().allMatch(n ->
        info(n, "CLUSTER", "INFO").contains("cluster_state:ok")
            && (isMaster(n) || info(n, "INFO", "replication").contains("master_link_status:up"))));
  }

  /** Every node, masters and replicas, in start order. */
  public List<RedisNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The nodes that are masters now. */
  public List<RedisNode> masters() {
    return running().stream().filter(RedisCluster::isMaster).toList();
  }

  /** The nodes that are replicas now. */
  public List<RedisNode> replicas() {
    return running().stream().filter(n -> !isMaster(n)).toList();
  }

  /** A {@code redis-cluster://} URI naming every node as a seed. */
  public String uri() {
    StringBuilder b = new StringBuilder("redis-cluster://");
    for (int i = 0; i < nodes.size(); i++) {
      b.append(i == 0 ? "" : ",").append(nodes.get(i).host()).append(':').append(nodes.get(i).port());
    }
    return b.toString();
  }

  /** The node id ({@code CLUSTER MYID}) of a node. */
  public String nodeId(RedisNode node) {
    return String.valueOf(node.command("CLUSTER", "MYID"));
  }

  /** The master a replica follows now. */
  public RedisNode masterOf(RedisNode replica) {
    Object role = replica.command("ROLE");
    int port = Integer.parseInt(String.valueOf(((List<?>) role).get(2)));
    return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
  }

  /** A replica of {@code master}. */
  public RedisNode replicaOf(RedisNode master) {
    return replicas().stream().filter(r -> masterOf(r).port() == master.port()).findFirst()
        .orElseThrow(() -> new IllegalStateException("master " + master.port() + " has no replica"));
  }

  /**
   * Promotes a replica of {@code master} with {@code CLUSTER FAILOVER} (coordinated, no data lost)
   * and waits until the cluster is healthy again; returns the new master.
   */
  public RedisNode failover(RedisNode master) {
    RedisNode replica = replicaOf(master);
    replica.command("CLUSTER", "FAILOVER");
    await("the replica to take over", () -> isMaster(replica));
    // the old master learns of its demotion a moment later; until then both claim the slots
    await("the old master to become a replica", () -> !isMaster(master));
    awaitHealthy();
    return replica;
  }

  /**
   * Kills {@code master} with SIGKILL (no goodbye, writes not yet replicated are lost) and waits
   * until its replica was elected; returns the new master.
   */
  public RedisNode killMaster(RedisNode master) {
    RedisNode replica = replicaOf(master);
    master.kill();
    awaitMaster(replica);
    return replica;
  }

  /** Waits until {@code node} is a master (e.g. a replica elected after its master died). */
  public void awaitMaster(RedisNode node) {
    await("node " + node.port() + " to be a master", () -> isMaster(node));
  }

  /**
   * Starts a killed or stopped node again with its cluster state; a former master comes back as a
   * replica of the node that replaced it. Waits until the cluster is healthy.
   */
  public void rejoin(RedisNode node) {
    node.startAgain();
    awaitHealthy();
  }

  /**
   * Moves {@code slot} with its keys to {@code target} the way {@code redis-cli --cluster reshard}
   * does: IMPORTING on the target, MIGRATING on the source, MIGRATE in batches of
   * {@code keysPerMigrate} keys (clients meanwhile get ASK or TRYAGAIN), then SETSLOT NODE on every
   * master, target first.
   */
  public void migrateSlot(int slot, RedisNode target, int keysPerMigrate) {
    RedisNode source = masterForSlot(slot);
    if (source.port() == target.port()) {
      return;
    }
    String s = Integer.toString(slot);
    String sourceId = nodeId(source);
    String targetId = nodeId(target);
    target.command("CLUSTER", "SETSLOT", s, "IMPORTING", sourceId);
    source.command("CLUSTER", "SETSLOT", s, "MIGRATING", targetId);
    while (true) {
      List<?> keys = (List<?>) source.command("CLUSTER", "GETKEYSINSLOT", s, Integer.toString(keysPerMigrate));
      if (keys.isEmpty()) {
        break;
      }
      List<String> args = new ArrayList<>(List.of("MIGRATE", target.host(), Integer.toString(target.port()), "", "0",
          "5000", "KEYS"));
      keys.forEach(k -> args.add(String.valueOf(k)));
      source.command(args.toArray(String[]::new));
    }
    target.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
    source.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
    for (RedisNode m : masters()) {
      if (m.port() != source.port() && m.port() != target.port()) {
        m.command("CLUSTER", "SETSLOT", s, "NODE", targetId);
      }
    }
  }

  /** Which master holds {@code slot} now, by the masters' own claims ({@code myself} in CLUSTER NODES). */
  public RedisNode masterForSlot(int slot) {
    for (RedisNode m : masters()) {
      for (String line : String.valueOf(m.command("CLUSTER", "NODES")).split("\n")) {
        String[] fields = line.trim().split(" ");
        if (fields.length < 3 || !fields[2].contains("myself")) {
          continue;
        }
        for (int i = 8; i < fields.length; i++) {
          if (fields[i].startsWith("[")) {
            continue; // a slot being migrated
          }
          String[] range = fields[i].split("-");
          int from = Integer.parseInt(range[0]);
          int to = Integer.parseInt(range[range.length - 1]);
          if (slot >= from && slot <= to) {
            return m;
          }
        }
      }
    }
    throw new IllegalStateException("no master holds slot " + slot);
  }

  /** Keys per master of the whole cluster ({@code DBSIZE} on each master), by port. */
  public Map<Integer, Long> keysPerMaster() {
    Map<Integer, Long> out = new LinkedHashMap<>();
    for (RedisNode m : masters()) {
      out.put(m.port(), Long.parseLong(String.valueOf(m.command("DBSIZE"))));
    }
    return out;
  }

  private List<RedisNode> running() {
    return nodes.stream().filter(n -> n.pid() != -1).toList();
  }

  private static boolean isMaster(RedisNode n) {
    Object role = n.command("ROLE");
    return "master".equals(String.valueOf(((List<?>) role).get(0)));
  }

  private static int knownNodes(RedisNode n) {
    String text = String.valueOf(n.command("CLUSTER", "NODES"));
    if (text.contains("handshake")) {
      return -1;
    }
    return (int) text.lines().filter(l -> !l.isBlank()).count();
  }

  private static String info(RedisNode n, String... command) {
    try {
      return String.valueOf(n.command(command));
    } catch (RuntimeException e) {
      return "";
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // a node may refuse while it changes role; ask again
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after 30 s waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() {
    nodes.forEach(RedisNode::close);
  }
}
