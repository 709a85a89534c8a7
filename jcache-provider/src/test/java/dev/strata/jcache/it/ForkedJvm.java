package dev.strata.jcache.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A second JVM running a worker main ({@link RemoteWorker} unless told), with the handshake and output collection. */
final class ForkedJvm implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  ForkedJvm(String... args) throws IOException {
    this(RemoteWorker.class, args);
  }

  ForkedJvm(Class<?> main, String... args) throws IOException {
    this(main, List.of(), args);
  }

  /** Forks a JVM with extra JVM options ({@code -Dname=value}) before the main class. */
  ForkedJvm(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.addAll(jvmOptions);
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Waits for READY. */
  void awaitReady() throws IOException {
    String line = out.readLine();
    if (!"READY".equals(line)) {
      throw new IllegalStateException("worker did not start: " + line);
    }
  }

  /** Sends GO. */
  void go() throws IOException {
    send("GO");
  }

  /** Sends one line to the worker. */
  void send(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
  }

  /** Collects the worker's result lines up to DONE. */
  List<String> results() throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null && !line.equals("DONE")) {
      lines.add(line);
    }
    if (line == null) {
      throw new IllegalStateException("worker ended without DONE; got " + lines);
    }
    return lines;
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
