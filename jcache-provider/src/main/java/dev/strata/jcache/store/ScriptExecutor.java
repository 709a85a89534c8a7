package dev.strata.jcache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import javax.cache.CacheException;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.connection.MasterSlaveEntry;

/**
 * Runs {@link Script}s by SHA with {@code EVALSHA}. A script is loaded on first use, and again
 * when the server answers {@code NOSCRIPT} (after a restart, a failover or {@code SCRIPT FLUSH}),
 * so callers never see that error. Redis failures become {@link CacheException}s naming the
 * operation and the address.
 *
 * <p>Calls on several segments ({@link #runGrouped}) are sent as one pipeline per Redis node, so a
 * bulk operation costs one round trip per node whatever the number of segments. When
 * {@link Durability} asks for it, user writes are followed by {@code WAIT} in the same pipeline.
 */
public final class ScriptExecutor {

  /** One script call on one segment, for {@link #runGrouped}. */
  public record Call(Script script, SegmentKeys segment, byte[][] args) {
  }

  private final RedissonClient redisson;
  private final RScript script;
  private final String address;
  private final Durability durability;

  /** Creates an executor on the manager's Redisson client; {@code address} is used in error messages. */
  public ScriptExecutor(RedissonClient redisson, String address) {
    this(redisson, address, Durability.MASTER_ONLY);
  }

  /** Creates an executor whose user writes wait for replicas as {@code durability} says. */
  public ScriptExecutor(RedissonClient redisson, String address, Durability durability) {
    this.redisson = redisson;
    this.script = redisson.getScript(ByteArrayCodec.INSTANCE);
    this.address = address;
    this.durability = durability;
  }

  /** What user writes wait for. */
  public Durability durability() {
    return durability;
  }

  /** Runs a script synchronously. */
  public ScriptResult run(Script s, SegmentKeys keys, byte[]... args) {
    return join(s, runAsync(s, keys, args));
  }

  /** Runs a script asynchronously; the future fails with a {@link CacheException}. */
  public CompletableFuture<ScriptResult> runAsync(Script s, SegmentKeys keys, byte[]... args) {
    if (durability.waits() && s.userWrite()) {
      return sendPipeline(List.of(new Call(s, keys, args))).get(0);
    }
    Object[] values = args;
    return attempt(s, keys, values)
        .handle((reply, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(reply);
          }
          if (isNoScript(error)) {
            return CompletableFuture.supplyAsync(() -> script.scriptLoad(s.text()))
                .thenCompose(sha -> attempt(s, keys, values));
          }
          return CompletableFuture.<List<Object>>failedFuture(error);
        })
        .thenCompose(f -> f)
        .thenApply(ScriptExecutor::decode);
  }

  /**
   * Runs calls on many segments: one pipeline per Redis node, all sent before any reply is
   * awaited. The futures are in the order of {@code calls}; each fails on its own.
   */
  public List<CompletableFuture<ScriptResult>> runGrouped(List<Call> calls) {
    List<CompletableFuture<ScriptResult>> out = new ArrayList<>(calls.size());
    calls.forEach(c -> out.add(null));
    for (List<Integer> indexes : groupByNode(calls)) {
      List<Call> group = new ArrayList<>(indexes.size());
      indexes.forEach(i -> group.add(calls.get(i)));
      List<CompletableFuture<ScriptResult>> replies = sendPipeline(group);
      for (int j = 0; j < indexes.size(); j++) {
        out.set(indexes.get(j), replies.get(j));
      }
    }
    return out;
  }

  /** Indexes of {@code calls} grouped by the Redis node that serves their segment now: one pipeline each. */
  public List<List<Integer>> groupByNode(List<Call> calls) {
    Map<Object, List<Integer>> byNode = new LinkedHashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      byNode.computeIfAbsent(nodeOf(calls.get(i).segment()), n -> new ArrayList<>()).add(i);
    }
    return List.copyOf(byNode.values());
  }

  /** The master that serves a segment now (Redisson's entry for its slot), or one shared key when unknown. */
  private Object nodeOf(SegmentKeys segment) {
    if (redisson instanceof Redisson r) {
      MasterSlaveEntry entry = r.getCommandExecutor().getConnectionManager().getEntry(segment.entries());
      if (entry != null) {
        return entry;
      }
    }
    return this;
  }

  /**
   * Sends calls (normally all for one node) as one Redisson batch; Redisson writes them as one
   * pipeline per node and appends {@code WAIT} when writes must reach replicas. A call answered
   * {@code NOSCRIPT} was not executed and is sent again after loading its script; the others keep
   * their own replies.
   */
  private List<CompletableFuture<ScriptResult>> sendPipeline(List<Call> calls) {
    boolean waits = durability.waits() && calls.stream().anyMatch(c -> c.script().userWrite());
    BatchOptions options = BatchOptions.defaults();
    if (waits) {
      options = options.sync(durability.replicas(), Duration.ofMillis(durability.timeoutMillis()));
    }
    RBatch batch = redisson.createBatch(options);
    RScriptAsync async = batch.getScript(ByteArrayCodec.INSTANCE);
    List<CompletableFuture<List<Object>>> replies = new ArrayList<>(calls.size());
    for (Call c : calls) {
      replies.add(async.<List<Object>>evalShaAsync(c.segment().entries(), RScript.Mode.READ_WRITE, c.script().sha(),
          RScript.ReturnType.LIST, c.segment().asList(), (Object[]) c.args()).toCompletableFuture());
    }
    CompletableFuture<BatchResult<?>> executed = batch.executeAsync().toCompletableFuture();
    List<CompletableFuture<ScriptResult>> out = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      CompletableFuture<List<Object>> reply = replies.get(i);
      out.add(executed.handle(Executed::new)
          .thenCompose(batchDone -> reply.handle((value, error) -> settle(call, value, error, waits, batchDone)))
          .thenCompose(f -> f));
    }
    return out;
  }

  /** How a batch ended: its result, or the error that ended it. */
  private record Executed(BatchResult<?> result, Throwable error) {
  }

  private CompletableFuture<ScriptResult> settle(Call call, List<Object> value, Throwable error, boolean waits,
      Executed batch) {
    if (error != null) {
      if (isNoScript(error)) {
        return CompletableFuture.supplyAsync(() -> script.scriptLoad(call.script().text()))
            .thenCompose(sha -> sendPipeline(List.of(call)).get(0));
      }
      return CompletableFuture.failedFuture(error);
    }
    if (waits && call.script().userWrite()) {
      // WAIT's count is per node; a group is one node unless a slot moved while it was sent, in
      // which case Redisson sums the nodes' counts (a weaker check, never a false alarm)
      if (batch.result() == null) {
        return CompletableFuture.failedFuture(new CacheException("Redis operation " + call.script().file()
            + " was applied on " + address + " but whether replicas acknowledged it is unknown: "
            + batch.error().getMessage(), batch.error()));
      }
      int acknowledged = batch.result().getSyncedSlaves();
      if (acknowledged < durability.replicas()) {
        return CompletableFuture.failedFuture(new ReplicaAcknowledgementException(call.script().file(), address,
            acknowledged, durability.replicas(), durability.timeoutMillis()));
      }
    }
    return CompletableFuture.completedFuture(decode(value));
  }

  private CompletableFuture<List<Object>> attempt(Script s, SegmentKeys keys, Object[] values) {
    CompletionStage<List<Object>> stage = script.evalShaAsync(keys.entries(), RScript.Mode.READ_WRITE, s.sha(),
        RScript.ReturnType.LIST, keys.asList(), values);
    return stage.toCompletableFuture();
  }

  /** Waits for a future from {@link #runAsync} and maps failures. */
  public ScriptResult join(Script s, CompletableFuture<ScriptResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for Redis at " + address, e);
    } catch (ExecutionException e) {
      throw failure(s, e.getCause());
    }
  }

  /** Turns a Redis or Redisson failure into a {@link CacheException} that says what failed and where. */
  public CacheException failure(Script s, Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CacheException ce) {
      return ce;
    }
    return new CacheException("Redis operation " + s.file() + " failed on " + address + ": " + cause.getMessage(),
        cause);
  }

  private static boolean isNoScript(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RedisNoScriptException || String.valueOf(t.getMessage()).contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static ScriptResult decode(List<Object> reply) {
    List<Object> result = (List<Object>) reply.get(0);
    List<Object> flat = reply.size() > 1 ? (List<Object>) reply.get(1) : List.of();
    List<RawEvent> events = new ArrayList<>(flat.size() / 4);
    for (int i = 0; i + 3 < flat.size(); i += 4) {
      events.add(new RawEvent((char) ((byte[]) flat.get(i))[0], (byte[]) flat.get(i + 1),
          nonEmpty(flat.get(i + 2)), nonEmpty(flat.get(i + 3))));
    }
    String epoch = reply.size() > 2 ? text(reply.get(2)) : "";
    String seq = reply.size() > 3 ? text(reply.get(3)) : "0";
    return new ScriptResult(result, events, epoch, seq.isEmpty() ? 0 : Long.parseLong(seq));
  }

  private static String text(Object o) {
    if (o == null) {
      return "";
    }
    return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : o.toString();
  }

  private static byte[] nonEmpty(Object o) {
    byte[] b = (byte[]) o;
    return b == null || b.length == 0 ? null : b;
  }
}
