package dev.strata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** The results of a run: printed as tables, and optionally written as JSON, CSV or an HTML chart. */
final class Report {

  /** Commands listed per subject under each table. */
  private static final int TOP_COMMANDS = 3;

  /**
   * One subject's result on one workload.
   *
   * @param redis what Redis ran meanwhile, or empty if the subject never touches Redis
   */
  record Row(String workload, String subject, long ops, double opsPerSecond, long p50Nanos, long p99Nanos,
      long p999Nanos, Optional<RedisCost> redis) {
  }

  private final String header;
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Report(String header) {
    this.header = header;
  }

  void add(Workload w, String subject, Measurement m) {
    descriptions.put(w.name(), w.description());
    Histogram h = m.latencies();
    rows.add(new Row(w.name(), subject, m.ops(), m.throughput(), h.getValueAtPercentile(50),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), m.redisCost()));
  }

  void note(String line) {
    notes.add(line);
  }

  /** The table of one workload, with Strata's throughput ratio to each peer. */
  String table(String workload) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n== %s: %s ==%n", workload, descriptions.get(workload)));
    out.append(String.format(Locale.ROOT, "%-30s %11s %9s %9s %9s %13s %11s%n", "subject", "ops/s", "p50 us",
        "p99 us", "p99.9 us", "redis cmds/op", "redis us/op"));
    List<Row> mine = rows(workload);
    for (Row r : mine) {
      out.append(String.format(Locale.ROOT, "%-30s %11.0f %9.1f %9.1f %9.1f %13s %11s%n", r.subject(),
          r.opsPerSecond(), r.p50Nanos() / 1e3, r.p99Nanos() / 1e3, r.p999Nanos() / 1e3,
          redisFigure(r, RedisCost::callsPerOp, RedisCost::brief, "-"),
          redisFigure(r, RedisCost::microsPerOp, RedisCost::brief, "-")));
    }
    out.append(String.format(Locale.ROOT, "top Redis commands by time (calls per op, us per call):%n"));
    for (Row r : mine) {
      out.append(String.format(Locale.ROOT, "  %-30s %s%n", r.subject(),
          r.redis().map(redis -> redis.top(TOP_COMMANDS)).orElse("-")));
    }
    for (Row strata : mine) {
      if (!strata.subject().startsWith("Strata")) {
        continue;
      }
      StringBuilder ratios = new StringBuilder();
      for (Row peer : mine) {
        if (peer.subject().startsWith("Strata")) {
          continue;
        }
        ratios.append(String.format(Locale.ROOT, "  %s %.2fx", peer.subject(),
            strata.opsPerSecond() / Math.max(1e-9, peer.opsPerSecond())));
      }
      if (ratios.length() > 0) { // a workload of Strata subjects only compares them in the targets
        out.append(String.format(Locale.ROOT, "throughput of %s relative to:%s%n", strata.subject(), ratios));
      }
    }
    return out.toString();
  }

  /** One Redis figure of the row's subject, formatted, or {@code absent} if the subject is off Redis. */
  private static String redisFigure(Row r, ToDoubleFunction<RedisCost> figure, DoubleFunction<String> format,
      String absent) {
    return r.redis().map(redis -> format.apply(figure.applyAsDouble(redis))).orElse(absent);
  }

  List<Row> rows(String workload) {
    return rows.stream().filter(r -> r.workload().equals(workload)).toList();
  }

  /** The throughput of {@code subject} on {@code workload}, or 0. */
  double throughput(String workload, String subject) {
    return rows(workload).stream().filter(r -> r.subject().equals(subject)).mapToDouble(Row::opsPerSecond)
        .findFirst().orElse(0);
  }

  void writeCsv(Path file) throws IOException {
    StringBuilder out = new StringBuilder(
        "workload,subject,ops,ops_per_second,p50_us,p99_us,p999_us,redis_cmds_per_op,redis_us_per_op\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "%s,\"%s\",%d,%.1f,%.1f,%.1f,%.1f,%s,%s%n", r.workload(), r.subject(),
          r.ops(), r.opsPerSecond(), r.p50Nanos() / 1e3, r.p99Nanos() / 1e3, r.p999Nanos() / 1e3,
          redisFigure(r, RedisCost::callsPerOp, RedisCost::number, ""),
          redisFigure(r, RedisCost::microsPerOp, RedisCost::number, "")));
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  void writeJson(Path file) throws IOException {
    StringBuilder out = new StringBuilder("{\n  \"header\": ").append(quote(header)).append(",\n  \"results\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      out.append(String.format(Locale.ROOT,
          "    {\"workload\": %s, \"subject\": %s, \"ops\": %d, \"opsPerSecond\": %.1f, \"p50Micros\": %.1f, "
              + "\"p99Micros\": %.1f, \"p999Micros\": %.1f, \"redis\": %s}%s%n",
          quote(r.workload()), quote(r.subject()), r.ops(), r.opsPerSecond(), r.p50Nanos() / 1e3, r.p99Nanos() / 1e3,
          r.p999Nanos() / 1e3, r.redis().map(RedisCost::json).orElse("null"), i + 1 < rows.size() ? "," : ""));
    }
    out.append("  ],\n  \"notes\": [");
    for (int i = 0; i < notes.size(); i++) {
      out.append(i == 0 ? "\n    " : ",\n    ").append(quote(notes.get(i)));
    }
    out.append("\n  ]\n}\n");
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /** A self-contained HTML page with one bar chart (SVG, log scale) of throughput per workload. */
  void writeHtml(Path file) throws IOException {
    StringBuilder out = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Strata benchmark"
        + "</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:right}"
        + "td:first-child,th:first-child{text-align:left}</style></head><body><h1>Strata benchmark</h1><pre>")
        .append(escape(header)).append("</pre>");
    for (String workload : descriptions.keySet()) {
      List<Row> mine = rows(workload);
      double max = mine.stream().mapToDouble(Row::opsPerSecond).max().orElse(1);
      out.append("<h2>").append(escape(workload)).append("</h2><p>").append(escape(descriptions.get(workload)))
          .append("</p><svg width=\"900\" height=\"").append(mine.size() * 28 + 10).append("\">");
      int y = 5;
      for (Row r : mine) {
        double width = 600 * Math.log10(Math.max(1, r.opsPerSecond())) / Math.log10(Math.max(10, max));
        out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>"
            + "<rect x=\"250\" y=\"%d\" width=\"%.0f\" height=\"20\" fill=\"%s\"/>"
            + "<text x=\"%.0f\" y=\"%d\" font-size=\"12\">%,.0f ops/s</text>", y + 15, escape(r.subject()), y,
            width, r.subject().startsWith("Strata") ? "#2a7ab0" : "#999", 255 + width, y + 15, r.opsPerSecond()));
        y += 28;
      }
      out.append("</svg><table><tr><th>subject</th><th>ops/s</th><th>p50 us</th><th>p99 us</th><th>p99.9 us</th>"
          + "<th>redis cmds/op</th><th>redis us/op</th></tr>");
      for (Row r : mine) {
        out.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,.0f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
            + "<td>%s</td><td>%s</td></tr>", escape(r.subject()), r.opsPerSecond(), r.p50Nanos() / 1e3,
            r.p99Nanos() / 1e3, r.p999Nanos() / 1e3, redisFigure(r, RedisCost::callsPerOp, RedisCost::brief, "-"),
            redisFigure(r, RedisCost::microsPerOp, RedisCost::brief, "-")));
      }
      out.append("</table>");
    }
    out.append("<p>Bars use a logarithmic scale.</p><pre>");
    notes.forEach(n -> out.append(escape(n)).append('\n'));
    out.append("</pre></body></html>\n");
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
