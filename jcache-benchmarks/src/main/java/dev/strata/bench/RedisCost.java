package dev.strata.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What Redis ran for one subject on one workload, per operation of the subject.
 *
 * @param commands what the masters ran during the subject's recorded slices
 * @param ops the subject's operations in those slices
 */
record RedisCost(CommandStats commands, long ops) {

  /** Redis commands per operation. */
  double callsPerOp() {
    return perOp(commands.calls());
  }

  /** Microseconds Redis spent in commands per operation. */
  double microsPerOp() {
    return perOp(commands.micros());
  }

  /** The {@code n} commands that took the most time, as {@code evalsha 1.00/op 7.9us} (time per call). */
  String top(int n) {
    String top = byTime().limit(n)
        .map(e -> String.format(Locale.ROOT, "%s %s/op %.1fus", e.getKey(), brief(perOp(e.getValue().calls())),
            perCall(e.getValue())))
        .collect(Collectors.joining(", "));
    return top.isEmpty() ? "none" : top;
  }

  /** A JSON object: the totals per operation, and every command, most time first. */
  String json() {
    return String.format(Locale.ROOT, "{\"cmdsPerOp\": %s, \"microsPerOp\": %s, \"commands\": {%s}}",
        number(callsPerOp()), number(microsPerOp()), byTime()
            .map(e -> String.format(Locale.ROOT, "\"%s\": {\"calls\": %d, \"usec\": %d, \"callsPerOp\": %s, "
                    + "\"usecPerCall\": %s}", e.getKey(), e.getValue().calls(), e.getValue().micros(),
                number(perOp(e.getValue().calls())), number(perCall(e.getValue()))))
            .collect(Collectors.joining(", ")));
  }

  /**
   * Three significant digits, for tables: per-op figures run from 0.0001 (near hits) to thousands
   * (bulk calls), and the latter read better without an exponent.
   */
  static String brief(double value) {
    return String.format(Locale.ROOT, value >= 1000 ? "%.0f" : "%.3g", value);
  }

  /** Four significant digits, in a form JSON and CSV readers take. */
  static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private Stream<Map.Entry<String, CommandStats.CommandCost>> byTime() {
    return commands.byTime().stream();
  }

  private double perOp(long total) {
    return (double) total / Math.max(1, ops);
  }

  private static double perCall(CommandStats.CommandCost cost) {
    return (double) cost.micros() / cost.calls();
  }
}
