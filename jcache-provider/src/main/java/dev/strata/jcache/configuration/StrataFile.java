package dev.strata.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.cache.CacheException;

/**
 * The Strata configuration file ({@code strata.yaml}): a YAML file whose top-level key is
 * {@code strata:}, holding a manager's Redis deployment, namespace, manager properties,
 * serialization allow-list and per-cache settings by name pattern. A manager URI names it
 * ({@code classpath:strata.yaml}, {@code file:...}, {@code jar:...!/strata.yaml}); the format is
 * described in {@code docs/configuration.md}. Immutable once read.
 *
 * <pre>
 * strata:
 *   redis: redis://127.0.0.1:${redis.port:6379}
 *   namespace: orders
 *   properties: { strata.segments: 4 }
 *   serialization: { allow: [com.acme.*] }
 *   caches:
 *     "*":        { statistics: true }
 *     "session*": { expiry: { accessed: 30m } }
 *     "users":    { expiry: eternal, management: true, near-cache: { max-entries: 10000 } }
 * </pre>
 */
public final class StrataFile {

  private final String location;
  private final URI redis;
  private final URI redissonConfig;
  private final String redissonInline;
  private final String namespace;
  private final Map<String, String> properties;
  private final List<String> allow;
  private final List<CacheRule> rules;

  StrataFile(String location, URI redis, URI redissonConfig, String redissonInline, String namespace,
      Map<String, String> properties, List<String> allow, List<CacheRule> rules) {
    this.location = location;
    this.redis = redis;
    this.redissonConfig = redissonConfig;
    this.redissonInline = redissonInline;
    this.namespace = namespace;
    this.properties = Map.copyOf(properties);
    this.allow = List.copyOf(allow);
    List<CacheRule> sorted = new ArrayList<>(rules);
    // least specific first, so that a more specific pattern overwrites it setting by setting
    sorted.sort(Comparator.comparingInt(CacheRule::specificity));
    this.rules = List.copyOf(sorted);
  }

  /**
   * Reads a Strata file in properties form ({@code strata.properties}): manager properties only
   * ({@code strata.redis}, {@code strata.namespace}, {@code strata.serialization.allow} and the
   * other {@code strata.*} properties of docs/configuration.md); per-cache settings need the YAML
   * form. Read through its URL or {@code classLoader}, like the YAML form.
   *
   * @throws CacheException naming the file and the property when it cannot be read or holds an
   *     unknown property
   */
  public static StrataFile readProperties(URI uri, ClassLoader classLoader) {
    java.util.Properties loaded = new java.util.Properties();
    try (java.io.InputStream in = ConfigurationResources.open(uri, classLoader)) {
      loaded.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new CacheException("cannot read configuration file " + Redaction.uri(uri) + ": " + e.getMessage(), e);
    }
    String location = Redaction.uri(uri);
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    for (String name : loaded.stringPropertyNames()) {
      if (!ManagerSettings.PROPERTY_NAMES.contains(name)) {
        throw new CacheException("Strata file " + location + ": unknown property " + name
            + " (the properties form holds the strata.* manager properties of docs/configuration.md)");
      }
      properties.put(name, loaded.getProperty(name).trim());
    }
    String redis = properties.remove(ManagerSettings.REDIS);
    String namespace = properties.remove(ManagerSettings.NAMESPACE);
    String allow = properties.remove(ManagerSettings.ALLOW);
    URI redisUri;
    try {
      redisUri = redis == null || redis.isEmpty() ? null : URI.create(redis);
    } catch (IllegalArgumentException e) {
      throw new CacheException("Strata file " + location + ": invalid value for " + ManagerSettings.REDIS
          + " (not a URI)");
    }
    List<String> allowList = new ArrayList<>();
    if (allow != null) {
      for (String pattern : allow.split(",")) {
        if (!pattern.isBlank()) {
          allowList.add(pattern.trim());
        }
      }
    }
    return new StrataFile(location, redisUri, null, null, namespace == null || namespace.isEmpty() ? null : namespace,
        properties, allowList, List.of());
  }

  /**
   * Reads the YAML file at {@code uri} (through its URL or {@code classLoader}) if it is a Strata
   * file, that is, its top-level key is {@code strata:}.
   *
   * @return the file, or null when the YAML is something else (a Redisson configuration)
   * @throws CacheException naming the file, the setting and the value when the file cannot be read
   *     or a setting is wrong
   */
  public static StrataFile readIfStrata(URI uri, ClassLoader classLoader) {
    requireNonNull(uri, "uri");
    try (InputStream in = ConfigurationResources.open(uri, classLoader)) {
      return StrataFileParser.parseIfStrata(uri.toString(), in, Placeholders.ofJvm());
    } catch (IOException e) {
      throw new CacheException("cannot read configuration file " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Where the file was read from, as given. */
  public String location() {
    return location;
  }

  /** The Redis URI of {@code strata.redis} ({@code redis://}, cluster or sentinel), or null. */
  public URI redis() {
    return redis;
  }

  /** The Redisson YAML named by {@code strata.redisson-config}, or null. */
  public URI redissonConfig() {
    return redissonConfig;
  }

  /** The Redisson configuration given inline under {@code strata.redisson}, as YAML text, or null. */
  public String redissonInline() {
    return redissonInline;
  }

  /** The namespace of {@code strata.namespace}, or null. */
  public String namespace() {
    return namespace;
  }

  /** The manager properties of {@code strata.properties}, by name. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The class patterns of {@code strata.serialization.allow}. */
  public List<String> allow() {
    return allow;
  }

  /** Whether any pattern of {@code strata.caches} declares near-cache settings for {@code cacheName}. */
  public boolean declaresNearCache(String cacheName) {
    return cacheSettings(cacheName).nearCache() != null;
  }

  /**
   * The settings of {@code strata.caches} for {@code cacheName}: every matching pattern, the exact
   * name over the longest prefix over {@code *}, combined setting by setting.
   */
  public FileCacheSettings cacheSettings(String cacheName) {
    requireNonNull(cacheName, "cacheName");
    CacheRule.Combined combined = new CacheRule.Combined();
    for (CacheRule rule : rules) {
      if (rule.matches(cacheName)) {
        combined.add(rule);
      }
    }
    return combined.settings(location);
  }

  @Override
  public String toString() {
    return "Strata file " + location;
  }
}
