package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/** Parsing the Strata file: values, placeholders, pattern precedence and error messages (no Redis). */
class StrataFileParserTest {

  private static final String LOCATION = "classpath:test-strata.yaml";
  private static final Placeholders PLACEHOLDERS = new Placeholders(
      Map.of("redis.port", "7001", "region", "eu")::get, Map.of("REDIS_PASSWORD", "s3cret")::get);

  private static StrataFile parse(String yaml) {
    return StrataFileParser.parseIfStrata(LOCATION, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        PLACEHOLDERS);
  }

  private static String failure(String yaml) {
    return assertThrows(CacheException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void readsEverySectionOfTheFile() {
    StrataFile file = parse("""
        strata:
          redis: redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port:6379}
          namespace: orders-${region}
          properties:
            strata.segments: 8
            strata.redis.deadline-ms: "5000"
          serialization:
            allow: [com.acme.*, com.acme.Order]
          caches:
            "*": { statistics: true }
        """);
    assertEquals("redis://:s3cret@127.0.0.1:7001", file.redis().toString());
    assertEquals("orders-eu", file.namespace());
    assertEquals(Map.of("strata.segments", "8", "strata.redis.deadline-ms", "5000"), file.properties());
    assertEquals(List.of("com.acme.*", "com.acme.Order"), file.allow());
    assertEquals(LOCATION, file.location());
    assertNull(file.redissonConfig());
    assertNull(file.redissonInline());
  }

  @Test
  void resilienceAndStorageSettingsPerCache() {
    StrataFile file = parse("""
        strata:
          caches:
            "*": { compression: 1KB }
            users: { loader-fallback: true, near-cache: { serve-stale: 30s, admit-after: 2, warm-on-start: 100 } }
            raw: { compression: off }
        """);
    FileCacheSettings users = file.cacheSettings("users");
    assertEquals(1024, users.compressAbove());
    assertEquals(Boolean.TRUE, users.loaderFallback());
    assertEquals(java.time.Duration.ofSeconds(30), users.nearCache().serveStale());
    assertEquals(2, users.nearCache().admitAfter());
    assertEquals(100, users.nearCache().warmOnStart());
    assertEquals(0, file.cacheSettings("raw").compressAbove());
    javax.cache.CacheException e = org.junit.jupiter.api.Assertions.assertThrows(javax.cache.CacheException.class,
        () -> parse("strata:\n  caches:\n    x: { compression: lots }\n"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("compression") && e.getMessage().contains("lots"),
        e.getMessage());
  }

  @Test
  void allowListMayBeACommaSeparatedString() {
    StrataFile file = parse("strata:\n  serialization:\n    allow: \"com.acme.*, org.example.Thing\"\n");
    assertEquals(List.of("com.acme.*", "org.example.Thing"), file.allow());
  }

  @Test
  void aYamlWithoutTheStrataKeyIsNotAStrataFile() {
    assertNull(parse("singleServerConfig:\n  address: redis://127.0.0.1:6379\n"));
    assertNull(parse(""));
  }

  @Test
  void anEmptyStrataSectionIsAValidFileWithNothingInIt() {
    StrataFile file = parse("strata:\n");
    assertNull(file.redis());
    assertEquals(FileCacheSettings.none(), file.cacheSettings("anything"));
  }

  @Test
  void exactNameBeatsLongestPrefixBeatsStarSettingBySetting() {
    StrataFile file = parse("""
        strata:
          caches:
            "*":
              statistics: true
              expiry: { created: 10m }
              near-cache: { max-entries: 500, max-age: 1m }
            "session*":
              expiry: { accessed: 30m }
              management: true
            "session-admin*":
              expiry: { touched: 5s }
              near-cache: { format: object }
            "session-admin-eu":
              statistics: false
              near-cache: { max-bytes: 64MB }
        """);
    FileCacheSettings other = file.cacheSettings("users");
    assertEquals(Boolean.TRUE, other.statistics());
    assertNull(other.management());
    assertExpiry(other.expiry().create(), CreatedExpiryPolicy.class, 10 * 60_000);
    assertEquals(500, other.nearCache().maxEntries());

    FileCacheSettings session = file.cacheSettings("session-x");
    assertExpiry(session.expiry().create(), AccessedExpiryPolicy.class, 30 * 60_000);
    assertEquals(Boolean.TRUE, session.management());
    assertEquals(Boolean.TRUE, session.statistics(), "statistics still comes from *");

    FileCacheSettings admin = file.cacheSettings("session-admin-us");
    assertExpiry(admin.expiry().create(), TouchedExpiryPolicy.class, 5_000);
    assertEquals(NearCacheSettings.Format.OBJECT, admin.nearCache().format());
    assertEquals(500, admin.nearCache().maxEntries(), "max-entries still comes from *");
    assertEquals(java.time.Duration.ofMinutes(1), admin.nearCache().maxAge());

    FileCacheSettings exact = file.cacheSettings("session-admin-eu");
    assertEquals(Boolean.FALSE, exact.statistics());
    assertEquals(Boolean.TRUE, exact.management());
    assertEquals(64L << 20, exact.nearCache().maxBytes());
    assertEquals(0, exact.nearCache().maxEntries(), "the exact name's byte bound replaces *'s entry bound");
    assertEquals(NearCacheSettings.Format.OBJECT, exact.nearCache().format());
  }

  @Test
  void eternalAndIsoDurationsAndDisabledNearCache() {
    StrataFile file = parse("""
        strata:
          caches:
            "ref": { expiry: eternal, near-cache: { enabled: false } }
            "iso": { expiry: { modified: PT1M30S } }
        """);
    assertTrue(file.cacheSettings("ref").expiry().create() instanceof EternalExpiryPolicy);
    assertFalse(file.cacheSettings("ref").nearCache().enabled());
    assertEquals(90_000, file.cacheSettings("iso").expiry().create().getExpiryForUpdate().getAdjustedTime(0));
    assertEquals(FileCacheSettings.none(), file.cacheSettings("unmatched"));
    assertFalse(file.declaresNearCache("iso"));
    assertTrue(file.declaresNearCache("ref"));
  }

  @Test
  void inlineRedissonConfigurationIsHandedOnAsYamlWithPlaceholdersResolved() {
    StrataFile file = parse("""
        strata:
          redisson:
            singleServerConfig:
              address: "redis://127.0.0.1:${redis.port}"
              password: ${REDIS_PASSWORD}
        """);
    assertTrue(file.redissonInline().contains("address: redis://127.0.0.1:7001"), file.redissonInline());
    assertTrue(file.redissonInline().contains("password: s3cret"), file.redissonInline());
  }

  @Test
  void placeholdersTakeDefaultsAndDollarDollarIsALiteralDollar() {
    StrataFile file = parse("strata:\n  namespace: \"${missing:fallback}-$$x\"\n");
    assertEquals("fallback-$x", file.namespace());
  }

  @Test
  void anUnresolvedPlaceholderNamesFileSettingAndPlaceholder() {
    String message = failure("strata:\n  redis: redis://${nope}:6379\n");
    assertTrue(message.contains(LOCATION), message);
    assertTrue(message.contains("strata.redis"), message);
    assertTrue(message.contains("${nope}"), message);
  }

  @Test
  void unknownKeysAreErrorsNamingFilePatternAndKey() {
    String message = failure("strata:\n  caches:\n    \"users\":\n      expire: { created: 1m }\n");
    assertTrue(message.contains(LOCATION), message);
    assertTrue(message.contains("strata.caches.\"users\".expire"), message);
    assertTrue(message.contains("unknown setting"), message);

    assertTrue(failure("strata:\n  cache: {}\n").contains("strata.cache"));
    assertTrue(failure("strata: {}\nspring: {}\n").contains("spring"));
    assertTrue(failure("strata:\n  properties:\n    strata.segmentz: 4\n").contains("strata.properties.strata.segmentz"));
    assertTrue(failure("strata:\n  caches:\n    \"a\":\n      near-cache: { size: 3 }\n")
        .contains("strata.caches.\"a\".near-cache.size"));
    assertTrue(failure("strata:\n  serialization:\n    deny: [x]\n").contains("strata.serialization.deny"));
  }

  @Test
  void invalidValuesNameFileSettingAndValue() {
    String duration = failure("strata:\n  caches:\n    \"users\":\n      expiry: { accessed: soon }\n");
    assertTrue(duration.contains(LOCATION) && duration.contains("strata.caches.\"users\".expiry.accessed")
        && duration.contains("'soon'"), duration);
    String twoKinds = failure("strata:\n  caches:\n    \"users\":\n      expiry: { accessed: 1m, created: 1m }\n");
    assertTrue(twoKinds.contains("exactly one"), twoKinds);
    String word = failure("strata:\n  caches:\n    \"users\":\n      expiry: forever\n");
    assertTrue(word.contains("'forever'") && word.contains("strata.caches.\"users\".expiry"), word);
    String zero = failure("strata:\n  caches:\n    \"users\":\n      expiry: { created: 0s }\n");
    assertTrue(zero.contains("positive"), zero);
    String bool = failure("strata:\n  caches:\n    \"users\":\n      statistics: yes-please\n");
    assertTrue(bool.contains("'yes-please'") && bool.contains("strata.caches.\"users\".statistics"), bool);
    String near = failure("strata:\n  caches:\n    \"*\":\n      near-cache: { max-entries: -5 }\n");
    assertTrue(near.contains("'-5'") && near.contains("strata.caches.\"*\".near-cache.max-entries"), near);
    String bounds = failure("strata:\n  caches:\n    \"*\":\n      near-cache: { max-entries: 5, max-bytes: 1MB }\n");
    assertTrue(bounds.contains("choose one bound"), bounds);
    String pattern = failure("strata:\n  caches:\n    \"a*b\": { statistics: true }\n");
    assertTrue(pattern.contains("strata.caches.\"a*b\""), pattern);
    String redis = failure("strata:\n  redis: http://127.0.0.1\n");
    assertTrue(redis.contains("strata.redis") && redis.contains("http://127.0.0.1"), redis);
    String two = failure("strata:\n  redis: redis://a:1\n  redisson-config: classpath:r.yaml\n");
    assertTrue(two.contains("at most one"), two);
    String ref = failure("strata:\n  redisson-config: redis://a:1\n");
    assertTrue(ref.contains("strata.redisson-config"), ref);
    String namespaceTwice = failure("strata:\n  namespace: a\n  properties: { strata.namespace: b }\n");
    assertTrue(namespaceTwice.contains("give it once"), namespaceTwice);
  }

  @Test
  void anInvalidRedisUriIsReportedWithoutItsPassword() {
    String message = failure("strata:\n  redis: redis://app:${REDIS_PASSWORD}@127.0.0.1:6379/notanumber\n");
    assertTrue(message.contains("strata.redis") && message.contains("redis://app:***@127.0.0.1:6379/notanumber"),
        message);
    assertFalse(message.contains("s3cret"), message);
  }

  @Test
  void duplicateKeysAndBrokenYamlAreErrorsNamingTheFile() {
    assertTrue(failure("strata:\n  namespace: a\n  namespace: b\n").contains(LOCATION));
    String broken = failure("strata:\n  caches: [\n");
    assertTrue(broken.contains(LOCATION) && broken.contains("not valid YAML"), broken);
  }

  @Test
  void yamlTagsNamingClassesAreRefused() {
    String message = failure("strata:\n  namespace: !!java.io.File /tmp\n");
    assertTrue(message.contains(LOCATION), message);
  }

  private static void assertExpiry(ExpiryPolicy policy, Class<?> type, long millis) {
    assertEquals(type, policy.getClass());
    javax.cache.expiry.Duration d = type == CreatedExpiryPolicy.class ? policy.getExpiryForCreation()
        : type == AccessedExpiryPolicy.class ? policy.getExpiryForAccess() : policy.getExpiryForUpdate();
    assertNotNull(d);
    assertEquals(millis, d.getTimeUnit().toMillis(d.getDurationAmount()));
    assertEquals(TimeUnit.MILLISECONDS, d.getTimeUnit());
    assertEquals(Duration.ofMillis(millis).toMillis(), d.getAdjustedTime(0));
  }

  @Test
  void theWorkedExampleOfTheConfigurationGuideParsesWithItsBoundsAndPolicies() throws Exception {
    String guide = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "configuration.md"));
    int section = guide.indexOf("## Worked example");
    int start = guide.indexOf("```yaml", section) + "```yaml".length();
    StrataFile file = parse(guide.substring(start, guide.indexOf("```", start)));
    assertEquals(5000L, file.cacheSettings("export-cache").maxEntries());
    assertEquals(EvictionPolicy.LRU, file.cacheSettings("export-cache").eviction());
    assertEquals(EvictionPolicy.FIFO, file.cacheSettings("metrics").eviction());
    assertEquals(EvictionPolicy.LFU, file.cacheSettings("prompt-cache").eviction());
    assertEquals(EvictionPolicy.NONE, file.cacheSettings("generation-status").eviction());
    assertEquals("prefs-1", file.cacheSettings("user-preferences").encryptionKeyId());
    assertNull(file.cacheSettings("api-responses").maxEntries());
  }

  @Test
  void boundsAndPoliciesAreCheckedWhenTheFileIsRead() {
    String bad = failure("strata:\n  caches:\n    a: { eviction: random }\n");
    assertTrue(bad.contains("eviction") && bad.contains("random"), bad);
    String negative = failure("strata:\n  caches:\n    a: { max-entries: -5 }\n");
    assertTrue(negative.contains("max-entries") && negative.contains("-5"), negative);
  }
}
