package dev.strata.jcache.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Near-cache settings declared in a properties file, per cache name with wildcard defaults, so that
 * applications that only hand JCache a plain {@code MutableConfiguration} (Spring, Hibernate) can
 * switch near caches on. Each line is {@code <cache pattern>.<setting> = <value>}:
 *
 * <pre>
 * *.enabled      = true        # every cache
 * *.max-entries  = 10000
 * session*.max-age = 30s       # caches whose name starts with "session"
 * users.max-bytes  = 64MB      # exactly the cache "users"
 * users.format     = object
 * users.on-update  = cache
 * </pre>
 *
 * A more specific pattern wins setting by setting: {@code *}, then prefixes by length, then the
 * exact name. A cache that some pattern matches has its near cache on unless {@code enabled = false}.
 * Settings: enabled, max-entries, max-bytes (B, KB, MB, GB), max-age (ms, s, m, h, d or ISO-8601),
 * format (bytes, object), on-update (invalidate, cache).
 */
public final class NearCacheFile {

  private static final List<String> SETTINGS =
      List.of("enabled", "max-entries", "max-bytes", "max-age", "format", "on-update", "serve-stale",
      "admit-after", "warm-on-start");

  private final String location;
  private final Map<String, Map<String, String>> byPattern;

  private NearCacheFile(String location, Map<String, Map<String, String>> byPattern) {
    this.location = location;
    this.byPattern = byPattern;
  }

  /**
   * Reads and checks the file at {@code location}: {@code classpath:path}, a {@code file:} or
   * {@code jar:} URL, or a plain file path.
   *
   * @throws IllegalArgumentException naming the file and the setting when something is wrong
   */
  public static NearCacheFile load(String location, ClassLoader classLoader) {
    Properties props = new Properties();
    try (Reader reader = open(location, classLoader)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read near-cache file " + location + ": " + e.getMessage(), e);
    }
    Map<String, Map<String, String>> byPattern = new LinkedHashMap<>();
    for (String name : props.stringPropertyNames()) {
      int dot = name.lastIndexOf('.');
      String setting = dot < 0 ? name : name.substring(dot + 1);
      if (dot <= 0 || !SETTINGS.contains(setting)) {
        throw new IllegalArgumentException("near-cache file " + location + ": unknown setting '" + name
            + "' (expected <cache pattern>.<setting>, setting one of " + SETTINGS + ")");
      }
      byPattern.computeIfAbsent(name.substring(0, dot), p -> new LinkedHashMap<>())
          .put(setting, props.getProperty(name).trim());
    }
    NearCacheFile file = new NearCacheFile(location, byPattern);
    for (String pattern : byPattern.keySet()) {
      file.apply(NearCacheSettings.builder(), pattern); // checks every value once, up front
    }
    return file;
  }

  /** The settings for {@code cacheName}, or null when no pattern of the file matches it. */
  public NearCacheSettings settingsFor(String cacheName) {
    List<String> matching = new ArrayList<>();
    for (String pattern : byPattern.keySet()) {
      if (matches(pattern, cacheName)) {
        matching.add(pattern);
      }
    }
    if (matching.isEmpty()) {
      return null;
    }
    matching.sort(Comparator.comparingInt(NearCacheFile::specificity));
    NearCacheSettings.Builder builder = NearCacheSettings.builder();
    for (String pattern : matching) {
      apply(builder, pattern);
    }
    return builder.build();
  }

  private static boolean matches(String pattern, String cacheName) {
    if (pattern.endsWith("*")) {
      return cacheName.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(cacheName);
  }

  private static int specificity(String pattern) {
    return pattern.endsWith("*") ? pattern.length() - 1 : Integer.MAX_VALUE;
  }

  private void apply(NearCacheSettings.Builder builder, String pattern) {
    Map<String, String> settings = byPattern.get(pattern);
    if (settings.containsKey("max-entries") && settings.containsKey("max-bytes")) {
      throw new IllegalArgumentException("near-cache file " + location + ": " + pattern
          + " sets both max-entries and max-bytes; choose one bound");
    }
    settings.forEach((setting, value) -> {
      try {
        applySetting(builder, setting, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("near-cache file " + location + ": invalid value '" + value + "' for "
            + pattern + "." + setting + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
      }
    });
  }

  /** The near-cache settings a file may give, by the name it gives them. */
  static List<String> settingNames() {
    return SETTINGS;
  }

  /**
   * Applies one setting given as text ({@code max-entries}, {@code 10000}) to {@code builder}.
   *
   * @throws IllegalArgumentException saying what is wrong with the value
   */
  static void applySetting(NearCacheSettings.Builder builder, String setting, String value) {
    switch (setting) {
      case "enabled" -> builder.enabled(parseBoolean(value));
      case "max-entries" -> builder.maxEntries(Long.parseLong(value.replace("_", "")));
      case "max-bytes" -> builder.maxBytes(parseBytes(value));
      case "max-age" -> builder.maxAge(parseDuration(value));
      case "format" -> builder.format(NearCacheSettings.Format.valueOf(value.toUpperCase(Locale.ROOT)));
      case "on-update" -> builder.onUpdate(NearCacheSettings.OnUpdate.valueOf(value.toUpperCase(Locale.ROOT)));
      case "serve-stale" -> builder.serveStale(parseDuration(value));
      case "admit-after" -> builder.admitAfter(Integer.parseInt(value.trim()));
      case "warm-on-start" -> builder.warmOnStart(Integer.parseInt(value.trim()));
      default -> throw new IllegalArgumentException("unknown near-cache setting " + setting);
    }
  }

  static boolean parseBoolean(String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /** Parses a byte size: a number with an optional B, KB, MB or GB suffix (powers of 1024). */
  public static long parseBytes(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace("_", "");
    long factor = 1;
    for (String[] unit : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
      if (v.endsWith(unit[0])) {
        factor = Long.parseLong(unit[1]);
        v = v.substring(0, v.length() - unit[0].length()).trim();
        break;
      }
    }
    return Math.multiplyExact(Long.parseLong(v), factor);
  }

  /** Parses a duration: a number with ms, s, m, h or d, or an ISO-8601 duration such as PT10M. */
  public static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) {
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    }
    String[][] units = {{"ms", "MILLIS"}, {"s", "SECONDS"}, {"m", "MINUTES"}, {"h", "HOURS"}, {"d", "DAYS"}};
    for (String[] unit : units) {
      if (v.endsWith(unit[0])) {
        long n = Long.parseLong(v.substring(0, v.length() - unit[0].length()).trim());
        return Duration.of(n, java.time.temporal.ChronoUnit.valueOf(unit[1]));
      }
    }
    throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 10m, 1h or PT10M");
  }

  private static Reader open(String location, ClassLoader classLoader) throws IOException {
    InputStream in;
    if (location.startsWith("classpath:") || location.startsWith("file:") || location.startsWith("jar:")) {
      in = ConfigurationResources.open(URI.create(location), classLoader);
    } else {
      in = Files.newInputStream(Path.of(location));
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }
}
