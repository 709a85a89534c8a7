package dev.strata.jcache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.decoder.ObjectListReplayDecoder;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.connection.MasterSlaveEntry;

/**
 * Sends {@link Script}s ({@code EVALSHA}) and plain reads to Redis within a per-call deadline.
 *
 * <p>Redisson itself never re-sends a command (its retry count is 0): this class does, every
 * {@link CallPolicy#retryIntervalMillis()} while the deadline allows, and only for failures that
 * can pass (a timeout, a dropped connection, a failover in progress). A write carries a request id
 * and the scripts record its reply next to the segment, so a write re-sent after its first attempt
 * was applied is answered from that record instead of being applied again; a write whose outcome
 * is still unknown at the deadline fails with a {@link CacheException} that says so. A script is
 * loaded on first use and again after {@code NOSCRIPT} (restart, failover, {@code SCRIPT FLUSH}).
 *
 * <p>Calls on several segments ({@link #runAll}) are sent as one pipeline per Redis node, so a
 * bulk operation costs one round trip per node. When {@link Durability} asks for it, user writes
 * are followed by {@code WAIT} in the same pipeline.
 */
public final class ScriptExecutor {

  private static final long ATTEMPT_GRACE_MILLIS = 1_000;
  private static final RedisCommand<List<Object>> HMGET =
      new RedisCommand<>("HMGET", new ObjectListReplayDecoder<>());

  /**
   * One script call on one or more segments (more than one only where they live on one node).
   *
   * @param script the script
   * @param segments the segments, whose keys are the script's KEYS in order
   * @param args the whole ARGV, prelude included
   */
  public record Call(Script script, List<SegmentKeys> segments, byte[][] args) {

    List<Object> keys() {
      List<Object> keys = new ArrayList<>(segments.size() * 2);
      for (SegmentKeys s : segments) {
        keys.add(s.entries());
        keys.add(s.expiry());
      }
      return keys;
    }
  }

  /** What happened to one call: its replies, one per segment, or the error that ended it. */
  public record Outcome(List<ScriptResult> replies, CacheException error) {
  }

  private final RedissonClient redisson;
  private final RScript script;
  private final String address;
  private final Durability durability;
  private final CallPolicy policy;
  private final CommandObserver observer;
  private final CircuitBreaker breaker;

  /** Creates an executor with the default call policy, for tests and tools. */
  public ScriptExecutor(RedissonClient redisson, String address) {
    this(redisson, address, Durability.MASTER_ONLY, CallPolicy.DEFAULT);
  }

  /** Creates an executor whose user writes wait for replicas as {@code durability} says. */
  public ScriptExecutor(RedissonClient redisson, String address, Durability durability, CallPolicy policy) {
    this(redisson, address, durability, policy, CommandObserver.NONE);
  }

  /** Creates an executor that tells {@code observer} about every call (the manager's Redis metrics). */
  public ScriptExecutor(RedissonClient redisson, String address, Durability durability, CallPolicy policy,
      CommandObserver observer) {
    this(redisson, address, durability, policy, observer, CircuitBreaker.disabled());
  }

  /** Creates an executor whose calls go through {@code breaker}: refused at once while their node's circuit is open. */
  public ScriptExecutor(RedissonClient redisson, String address, Durability durability, CallPolicy policy,
      CommandObserver observer, CircuitBreaker breaker) {
    this.observer = observer;
    this.breaker = breaker;
    this.redisson = redisson;
    this.script = redisson.getScript(ByteArrayCodec.INSTANCE);
    this.address = address;
    this.durability = durability;
    this.policy = policy;
  }

  /** What user writes wait for. */
  public Durability durability() {
    return durability;
  }

  /**
   * Whether the client talks to a Redis Cluster, where a script may touch one slot only and so one
   * call covers one segment.
   */
  public boolean clustered() {
    return redisson.getConfig().isClusterConfig();
  }

  /** Deadlines and retries of calls. */
  public CallPolicy policy() {
    return policy;
  }

  /**
   * Runs calls within the default deadline: one pipeline per Redis node, all sent before any reply
   * is awaited. Outcomes are in the order of {@code calls}; each succeeds or fails on its own.
   */
  public List<Outcome> runAll(List<Call> calls, String cacheName) {
    return runAll(calls, cacheName, policy.deadlineMillis(), true);
  }

  /**
   * Runs calls within {@code deadlineMillis}; without {@code retry} a failed call is not sent again
   * (the near cache's periodic check wants a quick answer, not a patient one).
   */
  public List<Outcome> runAll(List<Call> calls, String cacheName, long deadlineMillis, boolean retry) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
    List<CompletableFuture<List<Object>>> sent = new ArrayList<>(calls.size());
    String[] nodes = new String[calls.size()];
    CacheException[] refused = new CacheException[calls.size()];
    List<Integer> sendable = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      sent.add(null);
      nodes[i] = nodeKey(calls.get(i).segments().get(0));
      try {
        breaker.check(nodes[i], calls.get(i).script().operation(), cacheName);
        sendable.add(i);
      } catch (CircuitBreaker.CircuitOpenException e) {
        refused[i] = e; // never sent: certainly not applied
      }
    }
    if (sendable.size() == 1) {
      int only = sendable.get(0);
      sent.set(only, send(List.of(calls.get(only))).get(0));
    } else if (!sendable.isEmpty()) {
      List<Call> toSend = new ArrayList<>(sendable.size());
      sendable.forEach(i -> toSend.add(calls.get(i)));
      for (List<Integer> indexes : groupByNode(toSend)) {
        List<Call> group = new ArrayList<>(indexes.size());
        indexes.forEach(j -> group.add(toSend.get(j)));
        List<CompletableFuture<List<Object>>> replies = send(group);
        for (int j = 0; j < indexes.size(); j++) {
          sent.set(sendable.get(indexes.get(j)), replies.get(j));
        }
      }
    }
    List<Outcome> outcomes = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      if (refused[i] != null) {
        observer.failed(cacheName);
        outcomes.add(new Outcome(null, refused[i]));
        continue;
      }
      Call call = calls.get(i);
      Attempts<List<Object>> attempts = new Attempts<>(call.script().operation(), cacheName, call.script().userWrite(),
          deadline, deadlineMillis, retry, nodes[i]);
      try {
        // a re-sent write carries the same request id: the script answers it from its record
        List<Object> raw = attempts.await(sent.get(i), () -> send(List.of(call)).get(0),
            () -> loadScript(call.script()));
        outcomes.add(new Outcome(decodeAll(raw), null));
      } catch (CacheException e) {
        outcomes.add(new Outcome(null, e));
      }
    }
    return outcomes;
  }

  /**
   * The circuit-breaker key of the node that serves {@code segment} now: its master's address, or
   * one key for the whole deployment when Redisson does not say.
   */
  String nodeKey(SegmentKeys segment) {
    if (!breaker.enabled()) {
      return "";
    }
    Object node = nodeOf(segment);
    if (node instanceof MasterSlaveEntry entry && entry.getClient() != null) {
      java.net.InetSocketAddress addr = entry.getClient().getAddr();
      return addr.getHostString() + ":" + addr.getPort();
    }
    return address;
  }

  /**
   * {@code HMGET} of fields of a segment's entries hash on its master, within the deadline: the
   * cheapest read there is, for caches whose entries never expire.
   */
  public List<Object> hmget(SegmentKeys segment, String cacheName, Object... fields) {
    Object[] params = new Object[fields.length + 1];
    params[0] = segment.entries();
    System.arraycopy(fields, 0, params, 1, fields.length);
    CommandAsyncExecutor commands = ((Redisson) redisson).getCommandExecutor();
    Supplier<CompletableFuture<List<Object>>> send = () -> commands.<List<Object>, List<Object>>writeAsync(
        segment.entries(), ByteArrayCodec.INSTANCE, HMGET, params).toCompletableFuture();
    return read("get", cacheName, send, List.of(nodeKey(segment)));
  }

  /**
   * {@code HMGET} of {@code fields} of each segment's entries hash, sent as one pipeline per node
   * within the deadline: the bulk read of caches whose entries never expire. Each map holds the
   * fields found, keyed by the very objects passed in {@code fields}.
   */
  public List<Map<Object, Object>> hmgetAll(List<SegmentKeys> segments, List<java.util.Set<Object>> fields,
      String cacheName) {
    Supplier<CompletableFuture<List<Map<Object, Object>>>> send = () -> {
      RBatch batch = redisson.createBatch(BatchOptions.defaults());
      List<CompletableFuture<Map<Object, Object>>> replies = new ArrayList<>(segments.size());
      for (int i = 0; i < segments.size(); i++) {
        replies.add(batch.<Object, Object>getMap(segments.get(i).entries(), ByteArrayCodec.INSTANCE)
            .getAllAsync(fields.get(i)).toCompletableFuture());
      }
      batch.executeAsync();
      return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
          .thenApply(done -> replies.stream().map(CompletableFuture::join).toList());
    };
    List<String> nodes = new ArrayList<>();
    for (SegmentKeys segment : segments) {
      String node = nodeKey(segment);
      if (!nodes.contains(node)) {
        nodes.add(node);
      }
    }
    return read("getAll", cacheName, send, nodes);
  }

  /**
   * A plain read (no script, changes nothing): sent, and sent again, within the default deadline;
   * refused at once when a node it needs has its circuit open. Its failures count against the
   * circuit when it needs one node (a pipeline to several cannot say which one failed).
   */
  private <T> T read(String operation, String cacheName, Supplier<CompletableFuture<T>> send, List<String> nodes) {
    for (String node : nodes) {
      try {
        breaker.check(node, operation, cacheName);
      } catch (CacheException e) {
        observer.failed(cacheName);
        throw e;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(policy.deadlineMillis());
    return new Attempts<T>(operation, cacheName, false, deadline, policy.deadlineMillis(), true,
        nodes.size() == 1 ? nodes.get(0) : null).await(send.get(), send, () -> { });
  }

  /**
   * Adds one to {@code member}'s count in the sorted set {@code set} without waiting for Redis (a
   * lost count costs nothing but precision); now and then trims the set to its {@code keep} highest
   * and lets it expire after an hour without counts, so old favourites fade.
   */
  public void countHot(String set, byte[] member, int keep) {
    RScoredSortedSet<byte[]> counts = redisson.getScoredSortedSet(set, ByteArrayCodec.INSTANCE);
    counts.addScoreAsync(member, 1);
    if (java.util.concurrent.ThreadLocalRandom.current().nextInt(64) == 0) {
      counts.removeRangeByRankAsync(0, -(keep + 1));
      counts.expireAsync(Duration.ofHours(1));
    }
  }

  /** The {@code n} members of the sorted set {@code set} with the highest counts, within the deadline. */
  public List<byte[]> hottest(String set, int n, String cacheName) {
    RScoredSortedSet<byte[]> counts = redisson.getScoredSortedSet(set, ByteArrayCodec.INSTANCE);
    Supplier<CompletableFuture<List<byte[]>>> send = () -> counts.valueRangeReversedAsync(0, n - 1)
        .toCompletableFuture().thenApply(c -> (List<byte[]>) new ArrayList<>(c));
    return read("warm-up", cacheName, send, List.of());
  }

  /** Indexes of {@code calls} grouped by the Redis node that serves their segments now: one pipeline each. */
  public List<List<Integer>> groupByNode(List<Call> calls) {
    Map<Object, List<Integer>> byNode = new LinkedHashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      byNode.computeIfAbsent(nodeOf(calls.get(i).segments().get(0)), n -> new ArrayList<>()).add(i);
    }
    return List.copyOf(byNode.values());
  }

  /** The master that serves a segment now (Redisson's entry for its slot), or one shared key when unknown. */
  Object nodeOf(SegmentKeys segment) {
    if (redisson instanceof Redisson r) {
      MasterSlaveEntry entry = r.getCommandExecutor().getConnectionManager().getEntry(segment.entries());
      if (entry != null) {
        return entry;
      }
    }
    return this;
  }

  /**
   * Sends calls (normally all for one node): a single call without WAIT as a plain {@code EVALSHA},
   * else as one Redisson batch (one pipeline per node) followed by {@code WAIT} when writes must
   * reach replicas. The futures fail with the Redis or Redisson error, or with a
   * {@link CacheException} when replicas did not acknowledge.
   */
  private List<CompletableFuture<List<Object>>> send(List<Call> calls) {
    boolean waits = durability.waits() && calls.stream().anyMatch(c -> c.script().userWrite());
    if (calls.size() == 1 && !waits) {
      Call c = calls.get(0);
      return List.of(script.<List<Object>>evalShaAsync(c.segments().get(0).entries(), RScript.Mode.READ_WRITE,
          c.script().sha(), RScript.ReturnType.LIST, c.keys(), (Object[]) c.args()).toCompletableFuture());
    }
    BatchOptions options = BatchOptions.defaults();
    if (waits) {
      options = options.sync(durability.replicas(), Duration.ofMillis(durability.timeoutMillis()));
    }
    RBatch batch = redisson.createBatch(options);
    RScriptAsync async = batch.getScript(ByteArrayCodec.INSTANCE);
    List<CompletableFuture<List<Object>>> replies = new ArrayList<>(calls.size());
    for (Call c : calls) {
      replies.add(async.<List<Object>>evalShaAsync(c.segments().get(0).entries(), RScript.Mode.READ_WRITE,
          c.script().sha(), RScript.ReturnType.LIST, c.keys(), (Object[]) c.args()).toCompletableFuture());
    }
    CompletableFuture<BatchResult<?>> executed = batch.executeAsync().toCompletableFuture();
    List<CompletableFuture<List<Object>>> out = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      CompletableFuture<List<Object>> reply = replies.get(i);
      out.add(executed.handle((result, batchError) -> reply.handle((value, error) -> {
        if (error != null) {
          throw new CompletionException(error);
        }
        if (waits && call.script().userWrite()) {
          checkAcknowledged(call, result, batchError);
        }
        return value;
      })).thenCompose(f -> f));
    }
    return out;
  }

  /**
   * WAIT's count is per node; a group is one node unless a slot moved while it was sent, in which
   * case Redisson sums the nodes' counts (a weaker check, never a false alarm).
   */
  private void checkAcknowledged(Call call, BatchResult<?> result, Throwable batchError) {
    if (result == null) {
      throw new CacheException("Strata: " + call.script().operation() + " was applied on " + address
          + " but whether replicas acknowledged it is unknown: " + Failures.describe(batchError, 0), batchError);
    }
    int acknowledged = result.getSyncedSlaves();
    if (acknowledged < durability.replicas()) {
      throw new ReplicaAcknowledgementException(call.script().file(), address, acknowledged, durability.replicas(),
          durability.timeoutMillis());
    }
  }

  private void loadScript(Script s) {
    try {
      script.scriptLoadAsync(s.text()).toCompletableFuture().get(policy.deadlineMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the re-sent call fails again and reports the cause
    }
  }

  /** The re-sends of one call until it succeeds, fails for good, or its deadline passes. */
  private final class Attempts<T> {
    private final String operation;
    private final String cacheName;
    private final boolean write;
    private final long deadline;
    private final long deadlineMillis;
    private final boolean retry;
    /** The circuit this call's attempts count against, or null for none. */
    private final String node;
    private boolean maybeApplied;

    Attempts(String operation, String cacheName, boolean write, long deadline, long deadlineMillis, boolean retry,
        String node) {
      this.node = node;
      this.operation = operation;
      this.cacheName = cacheName;
      this.write = write;
      this.deadline = deadline;
      this.deadlineMillis = deadlineMillis;
      this.retry = retry;
    }

    /** Waits for {@code first}, sending again through {@code resend} while the failure can pass and time is left. */
    T await(CompletableFuture<T> first, Supplier<CompletableFuture<T>> resend, Runnable reload) {
      observer.started();
      try {
        return awaitAttempts(first, resend, reload);
      } catch (CacheException e) {
        observer.failed(cacheName);
        throw e;
      } finally {
        observer.finished();
      }
    }

    private T awaitAttempts(CompletableFuture<T> first, Supplier<CompletableFuture<T>> resend, Runnable reload) {
      CompletableFuture<T> future = first;
      int resends = 0;
      while (true) {
        long left = deadline - System.nanoTime();
        // an attempt that outlives its own timeout by far is given up (Redisson may still be
        // waiting for a redirect or a retry of its own) and sent again, while the deadline allows
        long attempt = TimeUnit.MILLISECONDS.toNanos(policy.timeoutMillis() + ATTEMPT_GRACE_MILLIS);
        try {
          T reply = future.get(Math.max(0, Math.min(left, attempt)), TimeUnit.NANOSECONDS);
          answered();
          return reply;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw fail(e, true);
        } catch (TimeoutException e) {
          unreachable("no answer within " + TimeUnit.NANOSECONDS.toMillis(Math.min(left, attempt)) + " ms");
          if (!retry || left <= attempt || resends >= policy.maxResends()) {
            throw fail(e, true);
          }
          maybeApplied = true;
          refuseIfOpen();
          observer.resent();
          future = resend.get();
          resends++;
        } catch (ExecutionException e) {
          Throwable cause = Failures.unwrap(e);
          if (cause instanceof CacheException ce) {
            answered(); // a reply that Strata turned into an error: the node answers
            throw ce;
          }
          if (Failures.nodeUnreachable(cause)) {
            unreachable(Failures.describe(cause, policy.timeoutMillis()));
          } else {
            answered();
          }
          if (isNoScript(cause) && resends < policy.maxResends()) {
            reload.run();
            future = resend.get();
            resends++;
            continue;
          }
          if (Failures.failoverInProgress(cause)) {
            observer.failoverError();
          }
          boolean reached = Failures.mayHaveReachedRedis(cause);
          if (!retry || !Failures.transientFailure(cause) || resends >= policy.maxResends()
              || !pause(policy.retryIntervalMillis())) {
            throw fail(cause, reached);
          }
          maybeApplied |= reached;
          refuseIfOpen();
          observer.resent();
          future = resend.get();
          resends++;
        }
      }
    }

    private void answered() {
      if (node != null) {
        breaker.succeeded(node);
      }
    }

    private void unreachable(String why) {
      if (node != null) {
        breaker.failed(node, why);
      }
    }

    /** Gives up before a re-send when the node's circuit opened meanwhile (by this call or others). */
    private void refuseIfOpen() {
      if (node == null) {
        return;
      }
      try {
        breaker.check(node, operation, cacheName);
      } catch (CircuitBreaker.CircuitOpenException e) {
        throw fail(e, false);
      }
    }

    private boolean pause(long millis) {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      if (until > deadline) {
        return false;
      }
      LockSupport.parkNanos(until - System.nanoTime());
      return !Thread.currentThread().isInterrupted();
    }

    private CacheException fail(Throwable cause, boolean reached) {
      boolean unknown = write && (maybeApplied || reached);
      return Failures.exception(operation, cacheName, address, cause, unknown, policy, deadlineMillis);
    }
  }

  private static boolean isNoScript(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RedisNoScriptException || String.valueOf(t.getMessage()).startsWith("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static List<ScriptResult> decodeAll(List<Object> raw) {
    List<ScriptResult> out = new ArrayList<>(raw.size());
    for (Object segment : raw) {
      out.add(ScriptResult.decode((List<Object>) segment));
    }
    return out;
  }
}
