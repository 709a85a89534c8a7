package dev.strata.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Opens the configuration files a manager URI or a setting names: {@code classpath:path},
 * {@code file:/path}, {@code jar:file:/app.jar!/path} and Spring Boot's nested-jar URLs
 * ({@code jar:nested:/app.jar/!BOOT-INF/classes/!/strata.yaml}). Files are always read through a
 * {@link URL} or the class loader, never as a {@code java.io.File}, so that resources inside jars
 * (what Spring Boot and Hibernate hand a provider when a file is named by a class-path location)
 * are read like any other.
 */
public final class ConfigurationResources {

  private ConfigurationResources() {
  }

  /** Whether {@code uri} names a file these methods can open (by its scheme). */
  public static boolean isResource(URI uri) {
    String scheme = scheme(uri);
    return scheme.equals("classpath") || scheme.equals("file") || scheme.equals("jar");
  }

  /** Whether {@code uri} names a YAML file ({@code .yaml} or {@code .yml}) these methods can open. */
  public static boolean isYaml(URI uri) {
    if (!isResource(uri)) {
      return false;
    }
    String path = uri.getSchemeSpecificPart() == null ? "" : uri.getSchemeSpecificPart().toLowerCase(Locale.ROOT);
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    return path.endsWith(".yaml") || path.endsWith(".yml");
  }

  /** Whether {@code uri} names a properties file ({@code .properties}) these methods can open. */
  public static boolean isProperties(URI uri) {
    if (!isResource(uri)) {
      return false;
    }
    String path = uri.getSchemeSpecificPart() == null ? "" : uri.getSchemeSpecificPart().toLowerCase(Locale.ROOT);
    int query = path.indexOf('?');
    return (query >= 0 ? path.substring(0, query) : path).endsWith(".properties");
  }

  /**
   * Opens {@code uri}. A {@code classpath:} URI is looked up with {@code classLoader}; any other URI
   * is opened as a URL. A {@code jar:} URL whose protocol handler this JVM lacks (Spring Boot's
   * {@code jar:nested:} outside a Boot launcher) is looked up with the class loader by the path
   * after its last {@code !/}, which is where such a URL points on the class path.
   *
   * @throws IOException saying what was not found
   */
  public static InputStream open(URI uri, ClassLoader classLoader) throws IOException {
    requireNonNull(uri, "uri");
    ClassLoader loader = classLoader != null ? classLoader : ConfigurationResources.class.getClassLoader();
    String scheme = scheme(uri);
    if (scheme.equals("classpath")) {
      return fromClassLoader(uri.getSchemeSpecificPart(), loader);
    }
    URL url;
    try {
      url = uri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      String ssp = uri.getSchemeSpecificPart();
      int entry = ssp == null ? -1 : ssp.lastIndexOf("!/");
      if (scheme.equals("jar") && entry >= 0) {
        return fromClassLoader(ssp.substring(entry + 2), loader);
      }
      throw new IOException("not a URL this JVM can open (" + e.getMessage() + ")", e);
    }
    try {
      return url.openStream();
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("no such file");
    }
  }

  private static InputStream fromClassLoader(String path, ClassLoader loader) throws IOException {
    String resource = path.replaceFirst("^/+", "");
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new FileNotFoundException("no resource '" + resource + "' on the class path");
    }
    return in;
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
  }
}
