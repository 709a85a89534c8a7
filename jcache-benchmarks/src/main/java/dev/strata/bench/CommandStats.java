package dev.strata.bench;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNode.InfoSection;

/**
 * What Redis counts per command in {@code INFO commandstats}, added up over the masters: calls,
 * and microseconds spent running them. A reading is cumulative since the server started; the
 * difference of two readings is what every client ran in between.
 *
 * @param byCommand calls and time per command name as Redis spells it ({@code evalsha},
 *     {@code client|setname})
 */
record CommandStats(Map<String, CommandCost> byCommand) {

  /** Nothing ran. */
  static final CommandStats NONE = new CommandStats(Map.of());

  private static final String FIELD_PREFIX = "cmdstat_";
  /** The command that reads the stats, left out so that reading them counts for no subject. */
  private static final String INFO_FIELD = FIELD_PREFIX + "info";

  /** Calls of one command and the microseconds Redis spent running them. */
  record CommandCost(long calls, long micros) {

    CommandCost plus(CommandCost other) {
      return new CommandCost(calls + other.calls, micros + other.micros);
    }

    /** Parses {@code calls=3,usec=20,usec_per_call=6.67,rejected_calls=0,failed_calls=0}. */
    static CommandCost parse(String value) {
      long calls = 0;
      long micros = 0;
      for (String pair : value.split(",")) {
        int eq = pair.indexOf('=');
        switch (pair.substring(0, eq)) {
          case "calls" -> calls = Long.parseLong(pair.substring(eq + 1));
          case "usec" -> micros = Long.parseLong(pair.substring(eq + 1));
          default -> {
            // per-call average and error counts: derived or not a cost
          }
        }
      }
      return new CommandCost(calls, micros);
    }
  }

  CommandStats {
    byCommand = Map.copyOf(byCommand);
  }

  /** Reads and adds up the command stats of {@code masters}. */
  static CommandStats read(Collection<? extends RedisNode> masters) {
    Map<String, CommandCost> sum = new HashMap<>();
    for (RedisNode master : masters) {
      master.info(InfoSection.COMMANDSTATS).forEach((field, value) -> {
        if (field.startsWith(FIELD_PREFIX) && !field.equals(INFO_FIELD)) {
          sum.merge(field.substring(FIELD_PREFIX.length()), CommandCost.parse(value), CommandCost::plus);
        }
      });
    }
    return new CommandStats(sum);
  }

  /** What ran between {@code earlier} and this reading. */
  CommandStats since(CommandStats earlier) {
    Map<String, CommandCost> delta = new HashMap<>();
    byCommand.forEach((command, now) -> {
      CommandCost before = earlier.byCommand.getOrDefault(command, new CommandCost(0, 0));
      if (now.calls() > before.calls()) {
        delta.put(command, new CommandCost(now.calls() - before.calls(), now.micros() - before.micros()));
      }
    });
    return new CommandStats(delta);
  }

  CommandStats plus(CommandStats other) {
    Map<String, CommandCost> sum = new HashMap<>(byCommand);
    other.byCommand.forEach((command, cost) -> sum.merge(command, cost, CommandCost::plus));
    return new CommandStats(sum);
  }

  /** Calls of every command. */
  long calls() {
    return byCommand.values().stream().mapToLong(CommandCost::calls).sum();
  }

  /** Microseconds of every command. */
  long micros() {
    return byCommand.values().stream().mapToLong(CommandCost::micros).sum();
  }

  /** The commands, most time first. */
  List<Map.Entry<String, CommandCost>> byTime() {
    return byCommand.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, CommandCost> e) -> e.getValue().micros()).reversed()
            .thenComparing(Map.Entry::getKey))
        .toList();
  }
}
