package dev.strata.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The two-process coherence run: a second JVM ({@link CoherenceWriter}) writes increasing values to
 * one key, this JVM reads it in a loop through a near cache and measures, for every new value it
 * sees, the time since the writer started writing it (wall clock, same machine), and checks that
 * values never go backwards.
 */
final class CoherenceRun {

  private CoherenceRun() {
  }

  /** Wall-clock microseconds, comparable between processes on one machine. */
  static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** Runs the coherence measurement for {@code subjectName}; returns one table line. */
  static String run(Clients clients, String redis, String namespace, String subjectName, int writes) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        CoherenceWriter.class.getName(), redis, namespace, subjectName, Integer.toString(writes));
    Process writer = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Subject<String> reader = clients.coherenceSubject(subjectName)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      Writer in = new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8);
      if (!"READY".equals(out.readLine())) {
        throw new IllegalStateException("the writer process did not start");
      }
      reader.get("hot");
      in.write("GO\n");
      in.flush();
      List<Long> visible = new ArrayList<>();
      long last = 0;
      long backwards = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (last < writes && System.nanoTime() < deadline) {
        String value = reader.get("hot");
        if (value == null) {
          continue;
        }
        long seen = nowMicros();
        int colon = value.indexOf(':');
        long i = Long.parseLong(value.substring(0, colon));
        if (i < last) {
          backwards++;
        } else if (i > last) {
          visible.add(seen - Long.parseLong(value.substring(colon + 1)));
          last = i;
        }
      }
      String done = out.readLine();
      writer.waitFor(30, TimeUnit.SECONDS);
      Collections.sort(visible);
      if (visible.isEmpty()) {
        return String.format(Locale.ROOT, "%-32s saw no write (%s)", subjectName, done);
      }
      return String.format(Locale.ROOT, "%-32s %8d/%-6d %10d %10d %10d %10s %10d", subjectName, visible.size(), writes,
          visible.get(visible.size() / 2), visible.get((int) (visible.size() * 0.99)), visible.get(visible.size() - 1),
          last == writes ? "yes" : "NO", backwards);
    } finally {
      writer.destroy();
    }
  }

  /** The header of the coherence table. */
  static String header() {
    return String.format(Locale.ROOT, "%-32s %15s %10s %10s %10s %10s %10s", "subject (reader with near cache)",
        "writes seen", "p50 us", "p99 us", "max us", "converged", "backwards");
  }
}
