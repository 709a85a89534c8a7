package dev.strata.jcache.manager;

import dev.strata.jcache.configuration.ConfigurationResources;
import dev.strata.jcache.configuration.ManagerSettings;
import dev.strata.jcache.configuration.RedisEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import javax.cache.CacheException;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SubscriptionMode;
import org.redisson.config.SingleServerConfig;

/**
 * Builds the one Redisson client of a manager from its settings, and turns a failure to connect into
 * a {@link CacheException} that names the address, instead of a hang or a bare Redisson error.
 */
final class RedisConnector {

  private RedisConnector() {
  }

  /**
   * Connects. Redisson never re-sends a command itself (retry attempts 0): a write re-sent after a
   * timeout must carry its request id so that it is not applied twice, and every call must end by
   * its deadline, so re-sends are done by {@link dev.strata.jcache.store.ScriptExecutor}.
   */
  static RedissonClient connect(ManagerSettings settings, ClassLoader classLoader) {
    RedisEndpoint endpoint = settings.endpoint();
    Config config;
    boolean fromYaml = endpoint.yaml() != null || endpoint.inlineYaml() != null;
    if (endpoint.yaml() != null) {
      config = readYaml(endpoint.yaml(), classLoader);
    } else if (endpoint.inlineYaml() != null) {
      config = inlineYaml(endpoint);
    } else {
      config = switch (endpoint.topology()) {
        case CLUSTER -> cluster(settings);
        case SENTINEL -> sentinel(settings);
        default -> singleServer(settings);
      };
    }
    if (fromYaml) {
      forceNoRetries(config);
    }
    try {
      return Redisson.create(config);
    } catch (RuntimeException e) {
      throw new CacheException("cannot connect to Redis at " + endpoint.describe() + ": " + rootMessage(e), e);
    }
  }

  /**
   * Whether event messages use sharded channels: as configured, or with {@code auto} when the
   * client talks to a Redis Cluster whose masters all run Redis 7 or later (sharded pub/sub keeps
   * each message on the shard that owns the segment instead of broadcasting it over the cluster
   * bus to every node).
   */
  static boolean shardedChannels(RedissonClient client, ManagerSettings settings) {
    return switch (settings.pubSub()) {
      case SHARDED -> true;
      case GLOBAL -> false;
      case AUTO -> client.getConfig().isClusterConfig() && client.getRedisNodes(RedisNodes.CLUSTER).getMasters()
          .stream().allMatch(m -> majorVersion(m.info(RedisNode.InfoSection.SERVER).get("redis_version")) >= 7);
    };
  }

  private static int majorVersion(String version) {
    if (version == null) {
      return 0;
    }
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A client configuration with Strata's thread pools, shared by every topology. */
  private static Config threadsOf(ManagerSettings settings) {
    Config config = new Config();
    // Strata does little work on Redisson's threads (listeners run on their own thread), so a
    // small pool is enough and keeps many managers in one JVM cheap
    config.setThreads(4);
    config.setNettyThreads(settings.ioThreads());
    return config;
  }

  private static Config singleServer(ManagerSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    Config config = threadsOf(settings);
    SingleServerConfig server = config.useSingleServer()
        .setAddress(endpoint.address())
        .setDatabase(endpoint.database())
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setTimeout(settings.timeoutMillis())
        .setRetryAttempts(0)
        .setRetryDelay(new ConstantDelay(Duration.ofMillis(settings.retryIntervalMillis())))
        .setConnectionPoolSize(settings.poolSize())
        .setConnectionMinimumIdleSize(Math.min(4, settings.poolSize()))
        .setSubscriptionConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionPoolSize(4);
    if (endpoint.password() != null) {
      server.setPassword(endpoint.password());
    }
    if (endpoint.username() != null) {
      server.setUsername(endpoint.username());
    }
    return config;
  }

  /**
   * A Redis Cluster: reads and subscriptions on masters only (a near-cache fill must never read a
   * replica that lags behind an invalidation it already delivered).
   */
  private static Config cluster(ManagerSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    Config config = threadsOf(settings);
    ClusterServersConfig servers = config.useClusterServers()
        .setReadMode(ReadMode.MASTER)
        .setSubscriptionMode(SubscriptionMode.MASTER)
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setTimeout(settings.timeoutMillis())
        .setRetryAttempts(0)
        .setRetryDelay(new ConstantDelay(Duration.ofMillis(settings.retryIntervalMillis())))
        .setMasterConnectionPoolSize(settings.poolSize())
        .setMasterConnectionMinimumIdleSize(Math.min(4, settings.poolSize()))
        .setSubscriptionConnectionMinimumIdleSize(1)
        // sharded channels: one per segment (64 per cache); Redis holds many on one connection
        .setSubscriptionsPerConnection(256)
        .setScanInterval(1_000);
    endpoint.seeds().forEach(servers::addNodeAddress);
    if (endpoint.password() != null) {
      servers.setPassword(endpoint.password());
    }
    if (endpoint.username() != null) {
      servers.setUsername(endpoint.username());
    }
    return config;
  }

  /** A master and replicas behind sentinels: everything on the master the sentinels name. */
  private static Config sentinel(ManagerSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    Config config = threadsOf(settings);
    SentinelServersConfig servers = config.useSentinelServers()
        .setMasterName(endpoint.masterName())
        .setReadMode(ReadMode.MASTER)
        .setSubscriptionMode(SubscriptionMode.MASTER)
        .setCheckSentinelsList(false)
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setTimeout(settings.timeoutMillis())
        .setRetryAttempts(0)
        .setRetryDelay(new ConstantDelay(Duration.ofMillis(settings.retryIntervalMillis())))
        .setMasterConnectionPoolSize(settings.poolSize())
        .setMasterConnectionMinimumIdleSize(Math.min(4, settings.poolSize()))
        .setSubscriptionConnectionMinimumIdleSize(1)
        .setScanInterval(1_000);
    endpoint.seeds().forEach(servers::addSentinelAddress);
    if (endpoint.password() != null) {
      servers.setPassword(endpoint.password());
    }
    if (endpoint.username() != null) {
      servers.setUsername(endpoint.username());
    }
    return config;
  }

  /** A YAML configuration keeps its settings, except that Redisson must not re-send commands. */
  private static void forceNoRetries(Config config) {
    if (config.isClusterConfig()) {
      config.useClusterServers().setRetryAttempts(0);
    } else if (config.isSentinelConfig()) {
      config.useSentinelServers().setRetryAttempts(0);
    } else if (config.isSingleConfig()) {
      config.useSingleServer().setRetryAttempts(0);
    }
  }

  /** Reads a Redisson YAML through its URL or the class loader (never as a file: it may sit in a jar). */
  private static Config readYaml(URI uri, ClassLoader classLoader) {
    try (InputStream in = ConfigurationResources.open(uri, classLoader)) {
      return Config.fromYAML(in);
    } catch (IOException | RuntimeException e) {
      throw new CacheException("cannot read Redisson configuration " + uri + ": " + e.getMessage(), e);
    }
  }

  private static Config inlineYaml(RedisEndpoint endpoint) {
    try {
      return Config.fromYAML(endpoint.inlineYaml());
    } catch (RuntimeException e) {
      throw new CacheException("invalid " + endpoint.describe() + " (strata.redisson): " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  /** The Redis server's clock ({@code TIME}) in ms since the epoch, within the manager's deadline. */
  static long redisTimeMillis(RedissonClient redisson, ManagerSettings settings) {
    long deadlineMillis = settings.callPolicy().deadlineMillis();
    try {
      // EVAL rather than a node API: the same call works for every topology Strata supports
      java.util.List<Object> time = redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE)
          .<java.util.List<Object>>evalAsync(org.redisson.api.RScript.Mode.READ_ONLY, "return redis.call('TIME')",
              org.redisson.api.RScript.ReturnType.LIST)
          .toCompletableFuture().get(deadlineMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      return Long.parseLong(time.get(0).toString()) * 1_000 + Long.parseLong(time.get(1).toString()) / 1_000;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while reading the clock of " + settings.endpoint().describe(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new CacheException("Redis TIME on " + settings.endpoint().describe() + " got no answer within "
          + deadlineMillis + " ms", e);
    } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      throw new CacheException("Redis TIME on " + settings.endpoint().describe() + " failed: " + cause, cause);
    }
  }

  /**
   * Whether the master at {@code node} ({@code host:port}) answers a PING within the attempt timeout
   * (at most 1 s): the circuit breaker's check of an open circuit.
   */
  static boolean ping(RedissonClient client, String node, ManagerSettings settings) {
    long timeout = Math.min(1_000, settings.callPolicy().timeoutMillis());
    for (RedisNode master : dev.strata.jcache.management.RedisProbe.masters(client)) {
      java.net.InetSocketAddress addr = master.getAddr();
      if (node.equals(addr.getHostString() + ":" + addr.getPort())) {
        return master.ping(timeout, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    return false;
  }
}
