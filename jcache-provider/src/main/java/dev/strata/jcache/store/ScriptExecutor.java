package dev.strata.jcache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import javax.cache.CacheException;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Runs {@link Script}s by SHA with {@code EVALSHA}. A script is loaded on first use, and again
 * when the server answers {@code NOSCRIPT} (after a restart, a failover or {@code SCRIPT FLUSH}),
 * so callers never see that error. Redis failures become {@link CacheException}s naming the
 * operation and the address.
 */
public final class ScriptExecutor {

  private final RScript script;
  private final String address;

  /** Creates an executor on the manager's Redisson client; {@code address} is used in error messages. */
  public ScriptExecutor(RedissonClient redisson, String address) {
    this.script = redisson.getScript(ByteArrayCodec.INSTANCE);
    this.address = address;
  }

  /** Runs a script synchronously. */
  public ScriptResult run(Script s, SegmentKeys keys, byte[]... args) {
    return join(s, runAsync(s, keys, args));
  }

  /** Runs a script asynchronously; the future fails with a {@link CacheException}. */
  public CompletableFuture<ScriptResult> runAsync(Script s, SegmentKeys keys, byte[]... args) {
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
