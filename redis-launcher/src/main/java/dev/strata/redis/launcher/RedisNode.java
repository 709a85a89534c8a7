package dev.strata.redis.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code redis-server} process started by the {@link RedisLauncher} on a loopback port. It can be
 * stopped, paused (SIGSTOP), resumed and restarted on the same port; {@link #close()} always stops
 * the process and removes its working directory.
 */
public final class RedisNode implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final Path binary;
  private final int port;
  private final Path workDir;
  private final List<String> extraArgs;
  private final Path configFile;
  private volatile Process process;

  RedisNode(Path binary, int port, Path workDir, List<String> extraArgs) {
    this(binary, port, workDir, null, extraArgs);
  }

  /** A node started from {@code configFile} (which redis-server wants as its first argument), e.g. a sentinel. */
  RedisNode(Path binary, int port, Path workDir, Path configFile, List<String> extraArgs) {
    this.binary = binary;
    this.port = port;
    this.workDir = workDir;
    this.configFile = configFile;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** The node's working directory (its log, cluster or sentinel state). */
  public Path workDir() {
    return workDir;
  }

  /** The loopback address the server listens on. */
  public String host() {
    return HOST;
  }

  /** The TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** A {@code redis://} URI for this server. */
  public String uri() {
    return "redis://" + HOST + ":" + port;
  }

  /** The operating-system process id of the running server, or -1 when stopped. */
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** The server version as reported by {@code INFO server}, for example {@code 7.0.15}. */
  public String version() {
    String info = String.valueOf(command("INFO", "server"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    throw new IllegalStateException("INFO server on " + uri() + " has no redis_version");
  }

  /** The major version number, for feature detection (sharded pub/sub needs 7). */
  public int majorVersion() {
    return Integer.parseInt(version().split("\\.")[0]);
  }

  /** Runs one command on this server through a short-lived connection. */
  public Object command(String... args) {
    try (RespClient client = new RespClient(HOST, port, 5_000)) {
      return client.call(args);
    } catch (IOException e) {
      throw new UncheckedIOException("command " + args[0] + " on " + uri() + " failed", e);
    }
  }

  synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    if (configFile != null) {
      cmd.add(configFile.toString());
    }
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--bind");
    cmd.add(HOST);
    cmd.add("--save");
    cmd.add("");
    cmd.add("--appendonly");
    cmd.add("no");
    cmd.add("--daemonize");
    cmd.add("no");
    cmd.add("--protected-mode");
    cmd.add("no");
    cmd.add("--dir");
    cmd.add(workDir.toString());
    cmd.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("redis.log").toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited at start-up: " + log());
      }
      try (RespClient client = new RespClient(HOST, port, 1_000)) {
        if ("PONG".equals(client.call("PING"))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING in 20 s: " + log(), last);
  }

  /** Reads the server's log, for error messages. */
  public String log() {
    try {
      return Files.readString(workDir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s); the node can be started again. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    resumeQuietly(p);
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process with SIGKILL: no shutdown, no last replication, connections just drop. */
  public synchronized void kill() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a stopped or killed server again on the same port and working directory. */
  public synchronized void startAgain() {
    if (process == null) {
      start();
    }
  }

  /** Restarts the server on the same port; the data set starts empty (no persistence). */
  public synchronized void restart() {
    stop();
    start();
  }

  /** Freezes the process with SIGSTOP, so clients see a server that accepts but never answers. */
  public void pause() {
    signal("STOP");
  }

  /** Resumes a process frozen by {@link #pause()}. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void resumeQuietly(Process p) {
    try {
      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      // the process may be gone already; stopping continues with destroy()
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server and removes its working directory. */
  @Override
  public void close() {
    stop();
    RedisLauncher.forget(this);
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory left behind does no harm
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
