package dev.strata.jcache.configuration;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a manager's Redis is: one server given by a {@code redis://} or {@code rediss://} URI, a
 * Redis Cluster given by {@code redis-cluster://host:port,host:port} (seed nodes), a Sentinel
 * setup given by {@code redis-sentinel://host:port,host:port/<master name>} (the sentinels), a
 * Redisson YAML file given by a {@code classpath:}, {@code file:} or {@code jar:} URI, or a Redisson
 * configuration given inline in a Strata file. The {@code rediss-} variants use TLS. Immutable.
 */
public final class RedisEndpoint {

  /** The shape of the deployment. */
  public enum Topology {
    /** One server (with or without replicas the client does not use). */
    SINGLE,
    /** A Redis Cluster. */
    CLUSTER,
    /** A master and replicas watched by sentinels. */
    SENTINEL
  }

  private final String address;
  private final String username;
  private final String password;
  private final int database;
  private final URI yaml;
  private final String inlineYaml;
  private final String inlineOrigin;
  private final Topology topology;
  private final List<String> seeds;
  private final String masterName;

  private RedisEndpoint(String address, String username, String password, int database, URI yaml) {
    this(address, username, password, database, yaml, Topology.SINGLE, address == null ? List.of() : List.of(address),
        null);
  }

  private RedisEndpoint(String address, String username, String password, int database, URI yaml, Topology topology,
      List<String> seeds, String masterName) {
    this(address, username, password, database, yaml, null, null, topology, seeds, masterName);
  }

  private RedisEndpoint(String address, String username, String password, int database, URI yaml, String inlineYaml,
      String inlineOrigin, Topology topology, List<String> seeds, String masterName) {
    this.inlineYaml = inlineYaml;
    this.inlineOrigin = inlineOrigin;
    this.address = address;
    this.username = username;
    this.password = password;
    this.database = database;
    this.yaml = yaml;
    this.topology = topology;
    this.seeds = List.copyOf(seeds);
    this.masterName = masterName;
  }

  /** Whether {@code scheme} names a Cluster or Sentinel URI. */
  static boolean isMultiNode(String scheme) {
    return List.of("redis-cluster", "rediss-cluster", "redis-sentinel", "rediss-sentinel").contains(scheme);
  }

  /** A Cluster ({@code redis-cluster://}) or Sentinel ({@code redis-sentinel://.../name}) endpoint. */
  static RedisEndpoint multiNode(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = scheme.startsWith("rediss");
    boolean cluster = scheme.endsWith("cluster");
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isBlank()) {
      throw new IllegalArgumentException("Redis URI '" + Redaction.uri(uri) + "' names no node (expected " + scheme
          + "://host:port,host:port" + (cluster ? "" : "/<master name>") + ")");
    }
    String user = null;
    String pass = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      if (colon >= 0) {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        pass = decode(info.substring(colon + 1));
      } else {
        pass = decode(info);
      }
    }
    List<String> seeds = new ArrayList<>();
    for (String hostPort : authority.split(",")) {
      String hp = hostPort.trim();
      if (hp.isEmpty()) {
        continue;
      }
      if (!hp.matches(".+:\\d+")) {
        hp = hp + (cluster ? ":6379" : ":26379");
      }
      seeds.add((tls ? "rediss://" : "redis://") + hp);
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
    if (cluster) {
      if (!path.isEmpty()) {
        throw new IllegalArgumentException("Redis Cluster URI '" + Redaction.uri(uri) + "' must have no path (a cluster has no "
            + "database numbers)");
      }
      return new RedisEndpoint(null, user, pass, 0, null, Topology.CLUSTER, seeds, null);
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("Redis Sentinel URI '" + Redaction.uri(uri) + "' must name the master: "
          + scheme + "://host:port,host:port/<master name>");
    }
    return new RedisEndpoint(null, user, pass, 0, null, Topology.SENTINEL, seeds, path);
  }

  static RedisEndpoint server(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("not a Redis URI: '" + Redaction.uri(uri) + "' (expected redis://host:port, rediss://host:port, "
          + "redis-cluster://host:port,host:port, redis-sentinel://host:port,host:port/<master> "
          + "or a Redisson YAML file as file:/... or classpath:...)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("Redis URI '" + Redaction.uri(uri) + "' has no host");
    }
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    String user = null;
    String pass = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      if (colon >= 0) {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        pass = decode(info.substring(colon + 1));
      } else {
        pass = decode(info);
      }
    }
    int db = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        db = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Redis URI '" + Redaction.uri(uri) + "': the path must be a database number");
      }
    }
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
    return new RedisEndpoint(scheme + "://" + host + ":" + port, user, pass, db, null);
  }

  static RedisEndpoint yaml(URI uri) {
    return new RedisEndpoint(null, null, null, 0, uri);
  }

  /** A Redisson configuration given as YAML text inside the Strata file at {@code origin}. */
  static RedisEndpoint inline(String yamlText, String origin) {
    return new RedisEndpoint(null, null, null, 0, null, yamlText, origin, Topology.SINGLE, List.of(), null);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The server address as {@code redis://host:port}, or null for a YAML configuration. */
  public String address() {
    return address;
  }

  /** The ACL user name, or null. */
  public String username() {
    return username;
  }

  /** The password, or null. */
  public String password() {
    return password;
  }

  /** The database number. */
  public int database() {
    return database;
  }

  /** The Redisson YAML file, or null for a single server URI. */
  public URI yaml() {
    return yaml;
  }

  /** A Redisson configuration as YAML text (given inline in a Strata file), or null. */
  public String inlineYaml() {
    return inlineYaml;
  }

  /** The shape of the deployment ({@link Topology#SINGLE} also for YAML files, whatever they say). */
  public Topology topology() {
    return topology;
  }

  /** The seed nodes of a Cluster or the sentinels of a Sentinel setup, as {@code redis://host:port}. */
  public List<String> seeds() {
    return seeds;
  }

  /** The master name the sentinels watch, or null. */
  public String masterName() {
    return masterName;
  }

  /** A description safe for messages and logs (no password). */
  public String describe() {
    if (yaml != null) {
      return yaml.toString();
    }
    if (inlineYaml != null) {
      return "the Redisson configuration in " + inlineOrigin;
    }
    return switch (topology) {
      case CLUSTER -> "Redis Cluster " + String.join(",", seeds);
      case SENTINEL -> "Redis Sentinel " + String.join(",", seeds) + " master " + masterName;
      default -> address + (database == 0 ? "" : "/" + database);
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
