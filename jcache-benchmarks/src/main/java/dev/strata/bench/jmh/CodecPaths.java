package dev.strata.bench.jmh;

import dev.strata.jcache.codec.ClassAllowList;
import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.codec.ValueCompression;
import dev.strata.jcache.codec.ValueEncryption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Serialization of a small object and of a 1 KB value, both ways, through the cache's codec. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecPaths {

  /** A small domain object. */
  public static final class Order {
    long id = 42;
    String customer = "ACME Corp";
    int quantity = 3;
    double price = 19.99;
  }

  private final KryoCodec codec = new KryoCodec(CodecPaths.class.getClassLoader(),
      ClassAllowList.of(List.of(), List.of(Order.class)));
  private final Order order = new Order();
  private final String kilobyte = "x".repeat(1024);
  private final byte[] orderBytes = codec.encode(order);
  private final byte[] kilobyteBytes = codec.encode(kilobyte);
  /** 4 KB of JSON-like text: what per-cache compression (above 1 KB) is for. */
  private final String json = "{\"id\":42,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"roles\":[\"admin\"]},"
      .repeat(48);
  private final byte[] jsonBytes = codec.encode(json);
  private final byte[] jsonCompressed = ValueCompression.compress(jsonBytes, 1024);
  private final ValueEncryption encryption = new ValueEncryption(java.util.Map.of("k",
      new javax.crypto.spec.SecretKeySpec(new byte[32], "AES")), "bench");
  private final byte[] kilobyteSealed = encryption.encrypt(kilobyteBytes, "k");

  @Benchmark
  public byte[] encodeSmallObject() {
    return codec.encode(order);
  }

  @Benchmark
  public Object decodeSmallObject() {
    return codec.decode(orderBytes);
  }

  @Benchmark
  public byte[] encode1KbString() {
    return codec.encode(kilobyte);
  }

  @Benchmark
  public Object decode1KbString() {
    return codec.decode(kilobyteBytes);
  }

  @Benchmark
  public byte[] encode4KbJson() {
    return codec.encode(json);
  }

  @Benchmark
  public byte[] encodeAndCompress4KbJson() {
    return ValueCompression.compress(codec.encode(json), 1024);
  }

  @Benchmark
  public Object decode4KbJson() {
    return codec.decode(jsonBytes);
  }

  @Benchmark
  public Object decodeCompressed4KbJson() {
    return codec.decode(jsonCompressed);
  }

  @Benchmark
  public byte[] encrypt1Kb() {
    return encryption.encrypt(kilobyteBytes, "k");
  }

  @Benchmark
  public byte[] decrypt1Kb() {
    return encryption.decrypt(kilobyteSealed);
  }
}
