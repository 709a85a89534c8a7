package dev.strata.bench;

import dev.strata.redis.launcher.RedisCluster;
import dev.strata.redis.launcher.RedisLauncher;
import dev.strata.redis.launcher.RedisNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark and demo tool: Strata with and without near cache against Redisson's JCache,
 * Redisson's RLocalCachedMap, raw Redisson (one round trip, the floor) and Caffeine's JCache (the
 * in-memory limit), side by side in one run, subjects taking turns (A B C... A B C...) so that
 * machine noise hits all of them alike.
 *
 * <pre>
 * java -jar strata-benchmarks.jar [--redis redis://host:port | file:/path/redisson.yaml | --cluster] [--quick]
 *     [--threads n] [--slices n] [--slice-seconds s] [--workloads a,b] [--no-coherence]
 *     [--json file] [--csv file] [--html file]
 * </pre>
 * Without {@code --redis} a local redis-server is started on a free port (from the PATH, else the
 * binary shipped in the embedded-redis jar); with {@code --cluster}, a Redis Cluster of 3 masters
 * on free ports instead, which every subject then uses.
 */
public final class BenchmarkCli {

  /** What the two Redis columns count; Redis's own accounting, so it is said once in every report. */
  private static final String REDIS_COLUMNS = String.format(Locale.ROOT, "redis cmds/op, us/op: INFO "
      + "commandstats of the masters in the subject's slices (background work%nincluded); commands that a "
      + "script calls count too, and their time is also in the script's");

  private BenchmarkCli() {
  }

  /** Runs the tool. */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    AutoCloseable started = null;
    String redis = options.redis();
    if (redis == null && options.cluster()) {
      RedisCluster cluster = RedisLauncher.startCluster(3, 0);
      started = cluster;
      redis = cluster.uri();
    } else if (redis == null) {
      RedisNode node = RedisLauncher.startStandalone();
      started = node;
      redis = node.uri();
    }
    try {
      run(options, redis, started != null);
    } finally {
      if (started != null) {
        started.close();
      }
    }
  }

  private static void run(Options options, String redis, boolean started) throws Exception {
    String namespace = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<Workload> workloads = new ArrayList<>(Workload.all(options.quick()));
    if (options.workloads() != null) {
      workloads.removeIf(w -> !options.workloads().contains(w.name()));
    }
    try (Clients clients = Clients.open(redis, namespace)) {
      String header = String.format(Locale.ROOT, "%s%s%nJava %s, %d cores; %d threads, %d interleaved slices of %d ms "
              + "per subject after a warm-up; near caches hold %,d entries%s%n%s",
          clients.describeRedis(), started ? " (started by this tool)" : "", Runtime.version(),
          Runtime.getRuntime().availableProcessors(), options.threads(), options.slices(), options.sliceMillis(),
          Clients.NEAR_ENTRIES, options.quick() ? "; --quick: smaller key spaces, shorter runs" : "",
          REDIS_COLUMNS);
      System.out.println(header);
      Report report = new Report(header);
      for (Workload w : workloads) {
        runWorkload(clients, w, options, report);
        System.out.print(report.table(w.name()));
      }
      if (options.coherence()) {
        System.out.printf("%n== coherence: a second JVM writes one key every 0.5 ms, this JVM reads it in a loop; "
            + "time from write start to visible here (same machine clock) ==%n%s%n", CoherenceRun.header());
        int writes = options.quick() ? 500 : 2_000;
        for (String subject : List.of(Subjects.STRATA_NEAR, Subjects.LOCAL_CACHED_MAP)) {
          String line = CoherenceRun.run(clients, redis, namespace, subject, writes);
          System.out.println(line);
          report.note("coherence: " + line.trim().replaceAll(" +", " "));
        }
      }
      targets(report).forEach(line -> {
        System.out.println(line);
        report.note(line);
      });
      if (options.json() != null) {
        report.writeJson(Path.of(options.json()));
      }
      if (options.csv() != null) {
        report.writeCsv(Path.of(options.csv()));
      }
      if (options.html() != null) {
        report.writeHtml(Path.of(options.html()));
        System.out.println("chart: " + Path.of(options.html()).toAbsolutePath());
      }
    }
  }

  private static void runWorkload(Clients clients, Workload w, Options options, Report report) throws Exception {
    runWorkload(clients, w, w.values(), options, report);
  }

  /** Runs {@code w}; {@code values} is {@code w.values()}, named to give the subjects their value type. */
  private static <V> void runWorkload(Clients clients, Workload w, ValueType<V> values, Options options,
      Report report) throws Exception {
    String[] keys = new String[w.keyCount()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "key:" + i;
    }
    V value = values.ofSize().apply(w.valueSize());
    KeyChooser chooser = w.chooser().apply(w.keyCount());
    Map<String, Subject<V>> subjects = new LinkedHashMap<>();
    try {
      for (String name : w.subjects()) {
        Subject<V> s = name.equals(Workload.STRATA_SINGLE_CALLS)
            ? new SingleCalls<>(clients.subject(Subjects.STRATA, w.name() + "-single", values, w.keyCount()))
            : clients.subject(name, w.name(), values, w.keyCount());
        subjects.put(name, s);
        progress(w, "loading " + w.keyCount() + " keys into " + name);
        populate(s, keys, value);
      }
      Map<String, Measurement> results = new LinkedHashMap<>();
      subjects.keySet().forEach(name -> results.put(name, Subjects.usesRedis(name)
          ? Measurement.onRedis(clients::commandStats) : Measurement.inMemory()));
      for (Map.Entry<String, Subject<V>> e : subjects.entrySet()) {
        progress(w, "warming up " + e.getKey());
        results.get(e.getKey()).runSlice(e.getValue(), w, chooser, keys, value, options.threads(),
            options.warmupMillis(), false);
      }
      for (int slice = 1; slice <= options.slices(); slice++) {
        for (Map.Entry<String, Subject<V>> e : subjects.entrySet()) {
          progress(w, String.format(Locale.ROOT, "slice %d/%d %s", slice, options.slices(), e.getKey()));
          results.get(e.getKey()).runSlice(e.getValue(), w, chooser, keys, value, options.threads(),
              options.sliceMillis(), true);
        }
      }
      System.err.print("\r" + " ".repeat(100) + "\r");
      results.forEach((name, m) -> report.add(w, name, m));
    } finally {
      subjects.values().forEach(Subject::close);
    }
  }

  private static <V> void populate(Subject<V> s, String[] keys, V value) {
    Map<String, V> batch = new LinkedHashMap<>();
    for (String k : keys) {
      batch.put(k, value);
      if (batch.size() == 500) {
        s.putAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      s.putAll(batch);
    }
  }

  private static void progress(Workload w, String what) {
    System.err.print("\r" + " ".repeat(100) + "\r[" + w.name() + "] " + what);
    System.err.flush();
  }

  /** The ratio targets of docs/performance.md, and the store-by-reference ratio, as measured in this run. */
  private static List<String> targets(Report r) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("== targets (measured in this run) ==");
    ratio(r, "hot-set", Subjects.CAFFEINE, Subjects.STRATA_NEAR, out,
        "near-cache hit vs Caffeine JCache get (hot-set): %.2fx slower (target: within 3x)");
    ratio(r, "uniform-remote", Subjects.RAW, Subjects.STRATA, out,
        "remote single-key op vs raw Redisson GET/SET (uniform-remote): %.2fx slower (target: within 1.3x)");
    ratio(r, "read-heavy-zipf", Subjects.STRATA_NEAR, Subjects.REDISSON_JCACHE, out,
        "read-heavy Zipfian, Strata + near cache vs Redisson JCache: %.1fx the throughput (target: at least 10x)");
    ratio(r, "bulk-100", Subjects.STRATA, Workload.STRATA_SINGLE_CALLS, out,
        "getAll/putAll(100) vs 100 single calls: %.1fx faster (target: at least 20x)");
    ratio(r, "hot-set-bytes", Subjects.STRATA_NEAR, Subjects.LOCAL_CACHED_MAP, out,
        "Strata + near vs RLocalCachedMap, hot-set of 1 KB byte[], store-by-reference: %.2fx the throughput");
    for (String policy : List.of(Subjects.STRATA_LRU, Subjects.STRATA_LFU, Subjects.STRATA_FIFO, Subjects.STRATA_LZ4,
        Subjects.STRATA_AES)) {
      ratio(r, "storage-policies", policy, Subjects.STRATA, out,
          "storage-policies, " + policy + " vs plain Strata: %.2fx the throughput");
    }
    return out;
  }

  /** Adds {@code format} with the throughput of {@code over} divided by that of {@code under}, if both ran. */
  private static void ratio(Report r, String workload, String over, String under, List<String> out, String format) {
    double numerator = r.throughput(workload, over);
    double denominator = r.throughput(workload, under);
    if (numerator > 0 && denominator > 0) {
      out.add(String.format(Locale.ROOT, format, numerator / denominator));
    }
  }

  /** Command-line options. */
  record Options(String redis, boolean cluster, boolean quick, int threads, int slices, long sliceMillis, long warmupMillis,
      List<String> workloads, boolean coherence, String json, String csv, String html) {

    static final String USAGE = "usage: java -jar strata-benchmarks.jar [--redis redis://host:port | "
        + "file:/path/redisson.yaml | --cluster] [--quick] [--threads n] [--slices n] [--slice-seconds s] [--workloads a,b] "
        + "[--no-coherence] [--json file] [--csv file] [--html file]";

    static Options parse(String[] args) {
      String redis = null;
      boolean cluster = false;
      boolean quick = false;
      Integer threads = null;
      Integer slices = null;
      Double sliceSeconds = null;
      List<String> workloads = null;
      boolean coherence = true;
      String json = null;
      String csv = null;
      String html = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--redis" -> redis = value(args, ++i, a);
          case "--cluster" -> cluster = true;
          case "--quick" -> quick = true;
          case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
          case "--slices" -> slices = Integer.parseInt(value(args, ++i, a));
          case "--slice-seconds" -> sliceSeconds = Double.parseDouble(value(args, ++i, a));
          case "--workloads" -> workloads = Arrays.asList(value(args, ++i, a).split(","));
          case "--no-coherence" -> coherence = false;
          case "--json" -> json = value(args, ++i, a);
          case "--csv" -> csv = value(args, ++i, a);
          case "--html" -> html = value(args, ++i, a);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      int t = threads != null ? threads : 4;
      int s = slices != null ? slices : (quick ? 1 : 3);
      long sliceMillis = (long) ((sliceSeconds != null ? sliceSeconds : (quick ? 1.0 : 2.0)) * 1000);
      if (t < 1 || s < 1 || sliceMillis < 100) {
        throw new IllegalArgumentException("--threads and --slices must be at least 1, --slice-seconds at least 0.1");
      }
      if (cluster && redis != null) {
        throw new IllegalArgumentException("--cluster starts a cluster of its own; leave out --redis");
      }
      return new Options(redis, cluster, quick, t, s, sliceMillis, quick ? 300 : 1_000, workloads, coherence, json, csv, html);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
