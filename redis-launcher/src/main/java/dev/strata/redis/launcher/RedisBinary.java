package dev.strata.redis.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds a {@code redis-server} executable: an explicit path in {@code STRATA_REDIS_SERVER} (environment
 * variable or system property), else {@code redis-server} on the PATH, else the binary that the
 * {@code com.github.codemonstur:embedded-redis} jar ships (Redis 6.2), extracted once per JVM.
 */
public final class RedisBinary {

  private static volatile Path cached;

  private RedisBinary() {
  }

  /** Returns the path of a runnable {@code redis-server}; never null. */
  public static Path locate() {
    Path path = cached;
    if (path == null) {
      synchronized (RedisBinary.class) {
        path = cached;
        if (path == null) {
          path = find();
          cached = path;
        }
      }
    }
    return path;
  }

  private static Path find() {
    String explicit = System.getProperty("STRATA_REDIS_SERVER", System.getenv("STRATA_REDIS_SERVER"));
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException("STRATA_REDIS_SERVER points to " + p + ", which is not executable");
      }
      return p;
    }
    String pathEnv = System.getenv("PATH");
    if (pathEnv != null) {
      for (String dir : pathEnv.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return extractEmbedded();
  }

  private static Path extractEmbedded() {
    String resource = embeddedResourceName();
    try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No redis-server on the PATH and no embedded binary " + resource
            + " on the class path (add com.github.codemonstur:embedded-redis or install redis-server)");
      }
      Path dir = Files.createTempDirectory("strata-redis-bin");
      Path target = dir.resolve("redis-server");
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      if (!target.toFile().setExecutable(true)) {
        throw new IllegalStateException("Cannot make " + target + " executable");
      }
      target.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot extract embedded redis-server " + resource, e);
    }
  }

  private static String embeddedResourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm");
    if (os.contains("mac") || os.contains("darwin")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.contains("linux")) {
      if (arm) {
        return "redis-server-6.2.7-linux-arm64";
      }
      return arch.contains("64") ? "redis-server-6.2.6-v5-linux-amd64" : "redis-server-6.2.7-linux-386";
    }
    throw new IllegalStateException("No embedded redis-server for " + os + "/" + arch
        + "; install redis-server or set STRATA_REDIS_SERVER");
  }
}
