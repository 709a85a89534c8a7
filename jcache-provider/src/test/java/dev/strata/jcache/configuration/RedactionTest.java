package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** What may be shown of a URI or a setting: never a password or token. */
class RedactionTest {

  @Test
  void userInfoIsHidden() {
    assertEquals("redis://***@127.0.0.1:6379?namespace=app",
        Redaction.uri(URI.create("redis://:s3cret@127.0.0.1:6379?namespace=app")));
    assertEquals("rediss://***@cache.example.com:6380/2",
        Redaction.uri(URI.create("rediss://alice:s3cret@cache.example.com:6380/2")));
  }

  @Test
  void aUriWithoutSecretsIsUnchanged() {
    // the TCK and JMX consoles look beans up by the manager's URI: unchanged when nothing is secret
    assertEquals("redis://127.0.0.1:6379?namespace=app", Redaction.uri(URI.create("redis://127.0.0.1:6379?namespace=app")));
    assertEquals("classpath:strata.yaml", Redaction.uri(URI.create("classpath:strata.yaml")));
  }

  @Test
  void secretQueryParametersKeepTheirNameOnly() {
    assertEquals("redis://host:1?password=***&namespace=n", Redaction.text("redis://host:1?password=hunter2&namespace=n"));
    assertEquals("x?auth-token=***", Redaction.text("x?auth-token=abc"));
  }

  @Test
  void uriQuotedInsideAMessageIsHidden() {
    String shown = Redaction.text("cannot reach 'redis://u:p4ss@h:1' now, nor rediss://:zz@k:2");
    assertFalse(shown.contains("p4ss") || shown.contains(":zz@"), shown);
  }

  @Test
  void aSettingNamedAsASecretIsHiddenWhole() {
    assertEquals("***", Redaction.setting("strata.redis.password", "hunter2"));
    assertEquals("12", Redaction.setting("strata.segments", "12"));
  }
}
