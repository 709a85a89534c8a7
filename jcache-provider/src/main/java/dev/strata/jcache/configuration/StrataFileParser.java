package dev.strata.jcache.configuration;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a Strata file into a {@link StrataFile}, checking every key and value. Every error is a
 * {@link CacheException} naming the file, the setting's path ({@code strata.caches."users".expiry})
 * and the value, so that a typo never goes unnoticed: unknown keys are errors.
 */
final class StrataFileParser {

  static final String ROOT = "strata";
  private static final Set<String> TOP_KEYS =
      Set.of("redis", "redisson-config", "redisson", "namespace", "properties", "serialization", "caches");
  private static final Set<String> CACHE_KEYS = Set.of("expiry", "statistics", "management", "near-cache",
      "loader-fallback", "compression", "encryption", "max-entries", "eviction");
  private static final Set<String> EXPIRY_KINDS = Set.of("created", "modified", "accessed", "touched");

  private final String location;
  private final Placeholders placeholders;

  private StrataFileParser(String location, Placeholders placeholders) {
    this.location = location;
    this.placeholders = placeholders;
  }

  /**
   * Parses the YAML in {@code in}.
   *
   * @return the Strata file, or null when the document's top level has no {@code strata:} key
   */
  static StrataFile parseIfStrata(String location, InputStream in, Placeholders placeholders) {
    Object document;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      // SafeConstructor: plain maps, lists and scalars only, never a class named by the file
      document = new Yaml(new SafeConstructor(options)).load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw new CacheException("configuration file " + location + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(document instanceof Map<?, ?> top) || !top.containsKey(ROOT)) {
      return null;
    }
    return new StrataFileParser(location, placeholders).parse(top);
  }

  private StrataFile parse(Map<?, ?> top) {
    for (Object key : top.keySet()) {
      if (!ROOT.equals(key)) {
        throw error(String.valueOf(key), "unknown top-level key (a Strata file holds only 'strata:')");
      }
    }
    Object rootValue = top.get(ROOT);
    Map<String, Object> root = rootValue == null ? Map.of() : map(rootValue, ROOT);
    checkKeys(root, ROOT, TOP_KEYS);
    int deployments = (root.containsKey("redis") ? 1 : 0) + (root.containsKey("redisson-config") ? 1 : 0)
        + (root.containsKey("redisson") ? 1 : 0);
    if (deployments > 1) {
      throw error(ROOT, "give at most one of redis, redisson-config and redisson");
    }
    URI redis = root.containsKey("redis") ? redisUri(scalar(root.get("redis"), ROOT + ".redis"), ROOT + ".redis") : null;
    URI redissonConfig = null;
    if (root.containsKey("redisson-config")) {
      String path = ROOT + ".redisson-config";
      String raw = scalar(root.get("redisson-config"), path);
      redissonConfig = uri(raw, path);
      if (!ConfigurationResources.isResource(redissonConfig)) {
        throw invalid(path, raw, "expected a classpath:, file: or jar: URI of a Redisson YAML file");
      }
    }
    String redissonInline = root.containsKey("redisson") ? inlineRedisson(root.get("redisson")) : null;
    String namespace = root.containsKey("namespace") ? scalar(root.get("namespace"), ROOT + ".namespace") : null;
    if (namespace != null && namespace.isBlank()) {
      throw invalid(ROOT + ".namespace", namespace, "must not be empty");
    }
    Map<String, String> properties = properties(root.get("properties"));
    if (namespace != null && properties.containsKey(ManagerSettings.NAMESPACE)) {
      throw error(ROOT + ".namespace", "also given as properties." + ManagerSettings.NAMESPACE + "; give it once");
    }
    List<String> allow = allow(root.get("serialization"));
    if (!allow.isEmpty() && properties.containsKey(ManagerSettings.ALLOW)) {
      throw error(ROOT + ".serialization.allow", "also given as properties." + ManagerSettings.ALLOW
          + "; give it once");
    }
    List<CacheRule> rules = new ArrayList<>();
    if (root.get("caches") != null) {
      for (Map.Entry<String, Object> e : map(root.get("caches"), ROOT + ".caches").entrySet()) {
        rules.add(rule(e.getKey(), e.getValue()));
      }
    }
    return new StrataFile(location, redis, redissonConfig, redissonInline, namespace, properties, allow, rules);
  }

  private URI redisUri(String raw, String path) {
    URI uri = uri(raw, path);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    try {
      if (scheme.equals("redis") || scheme.equals("rediss")) {
        RedisEndpoint.server(uri);
      } else if (RedisEndpoint.isMultiNode(scheme)) {
        RedisEndpoint.multiNode(uri);
      } else {
        throw new IllegalArgumentException("expected redis://, rediss://, redis-cluster:// or redis-sentinel://; "
            + "name a Redisson YAML with redisson-config");
      }
    } catch (IllegalArgumentException e) {
      // the message repeats the value: never with its password
      throw invalid(path, withoutPassword(raw), e.getMessage() == null ? null
          : e.getMessage().replace(raw, withoutPassword(raw)).replace(uri.toString(), withoutPassword(raw)));
    }
    return uri;
  }

  /** A Redis URI with the password of its user info replaced by {@code ***}. */
  static String withoutPassword(String redisUri) {
    return redisUri.replaceAll("(//[^/@]*?:)[^/@]*@", "$1***@");
  }

  private String inlineRedisson(Object value) {
    Object resolved = resolveTree(value, ROOT + ".redisson");
    if (!(resolved instanceof Map<?, ?>)) {
      throw invalid(ROOT + ".redisson", String.valueOf(value), "expected a Redisson configuration (a map)");
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(resolved);
  }

  /** Placeholders resolved in every scalar of a subtree that is handed on as it is (Redisson's). */
  private Object resolveTree(Object value, String path) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, resolveTree(v, path + "." + k)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        out.add(resolveTree(l.get(i), path + "[" + i + "]"));
      }
      return out;
    }
    return value instanceof String s ? resolve(s, path) : value;
  }

  private Map<String, String> properties(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    String base = ROOT + ".properties";
    for (Map.Entry<String, Object> e : map(value, base).entrySet()) {
      String path = base + "." + e.getKey();
      if (!ManagerSettings.PROPERTY_NAMES.contains(e.getKey())) {
        throw error(path, "unknown manager property (expected one of " + ManagerSettings.PROPERTY_NAMES + ")");
      }
      out.put(e.getKey(), e.getValue() instanceof List<?> list ? joined(list, path) : scalar(e.getValue(), path));
    }
    return out;
  }

  private List<String> allow(Object serialization) {
    if (serialization == null) {
      return List.of();
    }
    String base = ROOT + ".serialization";
    Map<String, Object> map = map(serialization, base);
    checkKeys(map, base, Set.of("allow"));
    Object allow = map.get("allow");
    String path = base + ".allow";
    String joined = allow == null ? "" : allow instanceof List<?> list ? joined(list, path) : scalar(allow, path);
    List<String> out = new ArrayList<>();
    for (String part : joined.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private String joined(List<?> list, String path) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      parts.add(scalar(list.get(i), path + "[" + i + "]"));
    }
    return String.join(",", parts);
  }

  private CacheRule rule(String pattern, Object value) {
    String base = ROOT + ".caches.\"" + pattern + "\"";
    if (pattern.isEmpty() || pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
      throw error(base, "a cache pattern is a name, a prefix ending in *, or *");
    }
    Map<String, Object> settings = value == null ? Map.of() : map(value, base);
    checkKeys(settings, base, CACHE_KEYS);
    Factory<ExpiryPolicy> expiry = null;
    String expiryText = null;
    if (settings.get("expiry") != null) {
      Object raw = settings.get("expiry");
      expiryText = String.valueOf(raw);
      expiry = expiry(raw, base + ".expiry");
    }
    Boolean statistics = bool(settings.get("statistics"), base + ".statistics");
    Boolean management = bool(settings.get("management"), base + ".management");
    Map<String, String> near = null;
    if (settings.containsKey("near-cache")) {
      near = nearCache(settings.get("near-cache"), base + ".near-cache");
    }
    Boolean loaderFallback = bool(settings.get("loader-fallback"), base + ".loader-fallback");
    Integer compressAbove = null;
    if (settings.get("compression") != null) {
      String text = scalar(settings.get("compression"), base + ".compression");
      if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
        compressAbove = 0;
      } else {
        try {
          long bytes = NearCacheFile.parseBytes(text);
          if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of range");
          }
          compressAbove = (int) bytes;
        } catch (RuntimeException e) {
          throw invalid(base + ".compression", text, "expected off or a size above which values are compressed, "
              + "such as 1KB");
        }
      }
    }
    String encryption = null;
    if (settings.get("encryption") != null) {
      encryption = scalar(settings.get("encryption"), base + ".encryption").trim();
      if (encryption.equalsIgnoreCase("off") || encryption.equalsIgnoreCase("false")) {
        encryption = "";
      }
    }
    Long maxEntries = null;
    if (settings.get("max-entries") != null) {
      String text = scalar(settings.get("max-entries"), base + ".max-entries").trim();
      try {
        maxEntries = text.equalsIgnoreCase("unbounded") ? 0L : Long.parseLong(text.replace("_", ""));
        if (maxEntries < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw invalid(base + ".max-entries", text, "expected a number of entries, or 0 (unbounded)");
      }
    }
    EvictionPolicy eviction = null;
    if (settings.get("eviction") != null) {
      String text = scalar(settings.get("eviction"), base + ".eviction");
      try {
        eviction = EvictionPolicy.parse(text);
      } catch (IllegalArgumentException e) {
        throw invalid(base + ".eviction", text, "expected lru, lfu, fifo, or none (ttl: entries leave by expiry only)");
      }
    }
    return new CacheRule(pattern, expiry, expiryText, statistics, management, near, loaderFallback, compressAbove,
        encryption, maxEntries, eviction);
  }

  private Factory<ExpiryPolicy> expiry(Object raw, String path) {
    if (!(raw instanceof Map<?, ?>)) {
      String text = scalar(raw, path);
      if (text.equalsIgnoreCase("eternal")) {
        return EternalExpiryPolicy.factoryOf();
      }
      throw invalid(path, text, "expected eternal or one of created, modified, accessed, touched with a duration, "
          + "such as { accessed: 30m }");
    }
    Map<String, Object> map = map(raw, path);
    checkKeys(map, path, EXPIRY_KINDS);
    if (map.size() != 1) {
      throw invalid(path, String.valueOf(raw), "give exactly one of created, modified, accessed, touched");
    }
    Map.Entry<String, Object> only = map.entrySet().iterator().next();
    String durationPath = path + "." + only.getKey();
    String text = scalar(only.getValue(), durationPath);
    Duration duration;
    try {
      duration = NearCacheFile.parseDuration(text);
    } catch (RuntimeException e) {
      throw invalid(durationPath, text, "expected a duration such as 500ms, 30s, 10m, 2h, 1d or PT10M");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(durationPath, text, "must be positive (use expiry: eternal for no expiry)");
    }
    javax.cache.expiry.Duration jcache = new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, duration.toMillis());
    return switch (only.getKey()) {
      case "created" -> CreatedExpiryPolicy.factoryOf(jcache);
      case "modified" -> ModifiedExpiryPolicy.factoryOf(jcache);
      case "accessed" -> AccessedExpiryPolicy.factoryOf(jcache);
      default -> TouchedExpiryPolicy.factoryOf(jcache);
    };
  }

  private Map<String, String> nearCache(Object value, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    Map<String, Object> map = map(value, path);
    checkKeys(map, path, Set.copyOf(NearCacheFile.settingNames()));
    if (map.containsKey("max-entries") && map.containsKey("max-bytes")) {
      throw error(path, "sets both max-entries and max-bytes; choose one bound");
    }
    NearCacheSettings.Builder check = NearCacheSettings.builder();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String settingPath = path + "." + e.getKey();
      String text = scalar(e.getValue(), settingPath);
      try {
        NearCacheFile.applySetting(check, e.getKey(), text);
      } catch (IllegalArgumentException ex) {
        throw invalid(settingPath, text, ex.getMessage());
      }
      out.put(e.getKey(), text);
    }
    return out;
  }

  private Boolean bool(Object value, String path) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = scalar(value, path);
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.valueOf(text);
    }
    throw invalid(path, text, "expected true or false");
  }

  private URI uri(String raw, String path) {
    try {
      return new URI(raw);
    } catch (Exception e) {
      throw invalid(path, raw, "not a URI: " + e.getMessage());
    }
  }

  /** A scalar as text, with its placeholders resolved. */
  private String scalar(Object value, String path) {
    if (value == null) {
      throw error(path, "has no value");
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw invalid(path, String.valueOf(value), "expected a single value");
    }
    return value instanceof String s ? resolve(s, path).trim() : String.valueOf(value);
  }

  private String resolve(String raw, String path) {
    try {
      return placeholders.resolve(raw);
    } catch (IllegalArgumentException e) {
      throw invalid(path, raw, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object value, String path) {
    if (!(value instanceof Map<?, ?> m)) {
      throw invalid(path, String.valueOf(value), "expected a map of settings");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        // YAML reads unquoted 1 or true as numbers and booleans; names must be text
        throw error(path + "." + e.getKey(), "key must be text (quote it)");
      }
      out.put((String) e.getKey(), e.getValue());
    }
    return out;
  }

  private void checkKeys(Map<String, Object> map, String path, Set<String> allowed) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw error(path + "." + key, "unknown setting (expected one of " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private CacheException invalid(String path, String value, String reason) {
    return new CacheException("Strata file " + location + ": invalid value '" + value + "' for " + path
        + (reason == null ? "" : " (" + reason + ")"));
  }

  private CacheException error(String path, String problem) {
    return new CacheException("Strata file " + location + ": " + path + ": " + problem);
  }
}
