package dev.strata.jcache.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at each master's {@code maxmemory} and {@code maxmemory-policy} once, at connect time, and
 * warns about settings that make a full Redis refuse Strata's writes: Strata's keys carry no Redis
 * TTL, so {@code volatile-*} policies never evict them, and {@code noeviction} evicts nothing. A
 * failure to look (a managed Redis that refuses INFO) is only logged at debug level.
 */
final class EvictionPolicyCheck {

  private static final Logger LOG = LoggerFactory.getLogger(EvictionPolicyCheck.class);

  private EvictionPolicyCheck() {
  }

  static void warnIfUnsuitable(RedissonClient client, String address) {
    try {
      for (Map<String, String> memory : mastersMemoryInfo(client)) {
        String advice = advice(memory.get("maxmemory"), memory.get("maxmemory_policy"));
        if (advice != null) {
          LOG.warn("Redis at {}: {}", address, advice);
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("could not read the memory settings of Redis at {}", address, e);
    }
  }

  /** What to tell the operator about a master's memory settings, or null when they suit Strata. */
  static String advice(String maxmemory, String policy) {
    if (maxmemory == null || policy == null || maxmemory.equals("0")) {
      return null;
    }
    if (policy.startsWith("volatile-")) {
      return "maxmemory-policy " + policy + " never evicts Strata's keys (they carry no Redis TTL): when "
          + "memory is full, writes fail with an out-of-memory CacheException; use allkeys-lru or allkeys-lfu "
          + "for a Redis used as a cache (see docs/design.md, Redis memory limits and eviction)";
    }
    if (policy.equals("noeviction")) {
      return "maxmemory-policy noeviction: when memory is full, writes fail with an out-of-memory CacheException; "
          + "use allkeys-lru or allkeys-lfu for a Redis used as a cache";
    }
    return null;
  }

  private static List<Map<String, String>> mastersMemoryInfo(RedissonClient client) {
    List<Map<String, String>> out = new ArrayList<>();
    if (client.getConfig().isClusterConfig()) {
      client.getRedisNodes(RedisNodes.CLUSTER).getMasters()
          .forEach(m -> out.add(m.info(RedisNode.InfoSection.MEMORY)));
    } else if (client.getConfig().isSentinelConfig()) {
      out.add(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster().info(RedisNode.InfoSection.MEMORY));
    } else if (client.getConfig().isSingleConfig()) {
      out.add(client.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.MEMORY));
    }
    return out;
  }
}
