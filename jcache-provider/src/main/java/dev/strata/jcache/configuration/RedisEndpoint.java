package dev.strata.jcache.configuration;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a manager's Redis is: one server given by a {@code redis://} or {@code rediss://} URI, or a
 * Redisson YAML file given by a {@code file:} or {@code classpath:} URI. Immutable.
 */
public final class RedisEndpoint {

  private final String address;
  private final String username;
  private final String password;
  private final int database;
  private final URI yaml;

  private RedisEndpoint(String address, String username, String password, int database, URI yaml) {
    this.address = address;
    this.username = username;
    this.password = password;
    this.database = database;
    this.yaml = yaml;
  }

  static RedisEndpoint server(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("not a Redis URI: '" + uri + "' (expected redis://host:port, rediss://host:port "
          + "or a Redisson YAML file as file:/... or classpath:...)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("Redis URI '" + uri + "' has no host");
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
        throw new IllegalArgumentException("Redis URI '" + uri + "': the path must be a database number");
      }
    }
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
    return new RedisEndpoint(scheme + "://" + host + ":" + port, user, pass, db, null);
  }

  static RedisEndpoint yaml(URI uri) {
    return new RedisEndpoint(null, null, null, 0, uri);
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

  /** A description safe for messages and logs (no password). */
  public String describe() {
    return yaml != null ? yaml.toString() : address + (database == 0 ? "" : "/" + database);
  }

  @Override
  public String toString() {
    return describe();
  }
}
