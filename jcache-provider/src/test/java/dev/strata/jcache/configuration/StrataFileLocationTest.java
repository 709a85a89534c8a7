package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forms of URI a Strata file is named by (what Spring Boot and Hibernate hand the provider),
 * all read through the URL or the class loader, and how the file feeds a manager's settings.
 */
class StrataFileLocationTest {

  private static final String FILE = """
      strata:
        redis: redis://127.0.0.1:7100
        namespace: from-file
        properties:
          strata.segments: 8
          strata.redis.timeout-ms: 1500
        serialization:
          allow: [com.acme.*]
        caches:
          "*": { statistics: true }
      """;

  @TempDir
  Path dir;

  @AfterEach
  void clearSystemProperties() {
    System.clearProperty("strata.uri");
    System.clearProperty("strata.segments");
    System.clearProperty("strata.test.port");
  }

  @Test
  void fileUri() throws IOException {
    Path file = write("strata.yaml", FILE);
    StrataFile read = StrataFile.readIfStrata(file.toUri(), null);
    assertEquals("from-file", read.namespace());
    assertEquals(file.toUri().toString(), read.location());
  }

  @Test
  void classpathUriThroughTheGivenClassLoader() throws IOException {
    write("conf/strata.yaml", FILE);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertEquals("from-file", StrataFile.readIfStrata(URI.create("classpath:conf/strata.yaml"), loader).namespace());
      assertEquals("from-file", StrataFile.readIfStrata(URI.create("classpath:/conf/strata.yaml"), loader).namespace());
    }
  }

  @Test
  void jarFileUrlIsReadFromInsideTheJar() throws IOException {
    Path jar = jar("app.jar", "BOOT-INF/classes/strata.yaml", FILE);
    URI uri = URI.create("jar:" + jar.toUri() + "!/BOOT-INF/classes/strata.yaml");
    StrataFile read = StrataFile.readIfStrata(uri, null);
    assertEquals("from-file", read.namespace());
    assertEquals(8, ManagerSettings.of(uri, new Properties(), null).segments());
  }

  @Test
  void springBootNestedJarUrlFallsBackToTheClassLoaderOutsideABootLauncher() throws IOException {
    // outside a Boot launcher the JVM has no handler for nested:, so the entry after the last !/
    // is looked up with the class loader, which is where Boot's launcher puts BOOT-INF/classes
    write("strata.yaml", FILE);
    URI nested = URI.create("jar:nested:/opt/app/app.jar/!BOOT-INF/classes/!/strata.yaml");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertEquals("from-file", StrataFile.readIfStrata(nested, loader).namespace());
      assertEquals("from-file", ManagerSettings.of(nested, new Properties(), loader).namespace());
    }
  }

  @Test
  void aStrataPropertiesFileOnTheClassPathIsTheDefaultWhenThereIsNoYaml() throws IOException {
    write("strata.properties", "strata.redis=redis://127.0.0.1:6390\nstrata.namespace=from-properties\n"
        + "strata.segments=8\nstrata.serialization.allow=com.acme.*\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      URI uri = ManagerSettings.defaultUri(loader);
      assertEquals(URI.create("classpath:strata.properties"), uri);
      ManagerSettings settings = ManagerSettings.of(uri, new Properties(), loader);
      assertEquals("from-properties", settings.namespace());
      assertEquals(8, settings.segments());
      assertTrue(settings.endpoint().describe().contains("6390"), settings.endpoint().describe());
      assertTrue(settings.allowPatterns().contains("com.acme.*"));
      Properties inCode = new Properties();
      inCode.setProperty("strata.segments", "2");
      assertEquals(2, ManagerSettings.of(uri, inCode, loader).segments(), "properties given in code win");
    }
    write("bad.properties", "strata.segmnts=8\n");
    URI bad = dir.resolve("bad.properties").toUri();
    CacheException e = assertThrows(CacheException.class, () -> ManagerSettings.of(bad, new Properties(), null));
    assertTrue(e.getMessage().contains("bad.properties") && e.getMessage().contains("strata.segmnts"), e.getMessage());
  }

  @Test
  void aMissingFileIsACacheExceptionNamingIt() {
    URI missing = dir.resolve("nope.yaml").toUri();
    CacheException e = assertThrows(CacheException.class, () -> ManagerSettings.of(missing, new Properties(), null));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    CacheException cp = assertThrows(CacheException.class,
        () -> StrataFile.readIfStrata(URI.create("classpath:no/such/strata.yaml"), getClass().getClassLoader()));
    assertTrue(cp.getMessage().contains("classpath:no/such/strata.yaml"), cp.getMessage());
  }

  @Test
  void aRedissonYamlKeepsItsMeaning() throws IOException {
    Path redisson = write("redisson.yaml", "singleServerConfig:\n  address: \"redis://127.0.0.1:7200\"\n");
    ManagerSettings settings = ManagerSettings.of(redisson.toUri(), new Properties(), null);
    assertNull(settings.file());
    assertEquals(redisson.toUri(), settings.endpoint().yaml());
    assertEquals("default", settings.namespace());
  }

  @Test
  void theFileGivesEndpointNamespacePropertiesAndAllowList() throws IOException {
    Path file = write("strata.yaml", FILE);
    ManagerSettings settings = ManagerSettings.of(file.toUri(), new Properties(), null);
    assertNotNull(settings.file());
    assertEquals("redis://127.0.0.1:7100", settings.endpoint().address());
    assertEquals("from-file", settings.namespace());
    assertEquals(8, settings.segments());
    assertEquals(1500, settings.timeoutMillis());
    assertTrue(settings.allowPatterns().contains("com.acme.*"));
  }

  @Test
  void codeBeatsSystemPropertiesBeatTheFileAndAllowListsAdd() throws IOException {
    Path file = write("strata.yaml", FILE);
    Properties code = new Properties();
    code.setProperty("strata.namespace", "from-code");
    code.setProperty("strata.serialization.allow", "org.example.*");
    System.setProperty("strata.segments", "16");
    ManagerSettings settings = ManagerSettings.of(file.toUri(), code, null);
    assertEquals("from-code", settings.namespace());
    assertEquals(16, settings.segments());
    assertEquals(java.util.List.of("org.example.*", "com.acme.*"), settings.allowPatterns());
  }

  @Test
  void anInvalidPropertyInTheFileNamesTheFile() throws IOException {
    Path file = write("strata.yaml", "strata:\n  properties:\n    strata.segments: lots\n");
    CacheException e = assertThrows(CacheException.class, () -> ManagerSettings.of(file.toUri(), null, null));
    assertTrue(e.getMessage().contains(file.toUri().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("strata.properties.strata.segments"), e.getMessage());
    assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
  }

  @Test
  void withoutRedisSettingsTheFileUsesTheDefaultRedis() throws IOException {
    Path file = write("strata.yaml", "strata:\n  namespace: n\n");
    assertEquals("redis://127.0.0.1:6379", ManagerSettings.of(file.toUri(), null, null).endpoint().address());
    Properties code = new Properties();
    code.setProperty("strata.redis", "redis://10.0.0.9:6390");
    assertEquals("redis://10.0.0.9:6390", ManagerSettings.of(file.toUri(), code, null).endpoint().address());
  }

  @Test
  void redissonConfigurationByReferenceOrInline() throws IOException {
    Path byRef = write("ref.yaml", "strata:\n  redisson-config: classpath:redisson.yaml\n");
    assertEquals(URI.create("classpath:redisson.yaml"), ManagerSettings.of(byRef.toUri(), null, null).endpoint().yaml());
    System.setProperty("strata.test.port", "7300");
    Path inline = write("inline.yaml",
        "strata:\n  redisson:\n    singleServerConfig:\n      address: redis://127.0.0.1:${strata.test.port}\n");
    RedisEndpoint endpoint = ManagerSettings.of(inline.toUri(), null, null).endpoint();
    assertTrue(endpoint.inlineYaml().contains("redis://127.0.0.1:7300"), endpoint.inlineYaml());
    assertTrue(endpoint.describe().contains(inline.toUri().toString()), endpoint.describe());
  }

  @Test
  void defaultUriIsTheSystemPropertyElseAStrataYamlOnTheClassPathElseLocalRedis() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertEquals(URI.create("redis://127.0.0.1:6379"), ManagerSettings.defaultUri(empty));
    }
    write("strata.yaml", FILE);
    try (URLClassLoader withFile = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertEquals(URI.create("classpath:strata.yaml"), ManagerSettings.defaultUri(withFile));
      assertEquals("from-file", ManagerSettings.of(ManagerSettings.defaultUri(withFile), null, withFile).namespace());
      System.setProperty("strata.uri", "redis://10.1.1.1:6379");
      assertEquals(URI.create("redis://10.1.1.1:6379"), ManagerSettings.defaultUri(withFile));
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private Path jar(String name, String entry, String content) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry(entry));
      jarOut.write(content.getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
    }
    return jar;
  }
}
