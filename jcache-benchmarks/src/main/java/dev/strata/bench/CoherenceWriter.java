package dev.strata.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The second process of the coherence run: opens the named subject, prints {@code READY}, waits for
 * {@code GO}, writes {@code "<i>:<wall clock micros>"} to key {@code hot} for i = 1..n every half
 * millisecond, prints {@code LAST n}.
 */
public final class CoherenceWriter {

  private CoherenceWriter() {
  }

  /** Arguments: redis URI or YAML, namespace, subject name, number of writes. */
  public static void main(String[] args) throws Exception {
    try (Clients clients = Clients.open(args[0], args[1]); Subject<String> subject = clients.coherenceSubject(args[2])) {
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        throw new IllegalStateException("expected GO");
      }
      int n = Integer.parseInt(args[3]);
      for (int i = 1; i <= n; i++) {
        subject.put("hot", i + ":" + CoherenceRun.nowMicros());
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
      }
      System.out.println("LAST " + n);
      System.out.flush();
    }
  }
}
