package dev.strata.bench;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;

/**
 * What a workload's values are and how every subject is told to store them. The Redisson subjects
 * write values to Redis as they are (no serializer gives anyone an edge), and the JCache subjects
 * declare the value class and whether they store by value or by reference.
 *
 * @param <V> the value class
 * @param type the value class, given to the JCache subjects' {@code setTypes}
 * @param storeByValue given to the JCache subjects' {@code setStoreByValue}
 * @param codec the Redisson subjects' codec: String keys, values written as they are
 * @param ofSize makes a value of that many bytes
 */
record ValueType<V>(Class<V> type, boolean storeByValue, Codec codec, IntFunction<V> ofSize) {

  /** Strings stored by value, JCache's default; Redis holds them as plain strings. */
  static final ValueType<String> STRINGS = new ValueType<>(String.class, true, StringCodec.INSTANCE, "x"::repeat);

  /**
   * Mutable byte arrays stored by reference, so that a near cache may hand out the array it holds
   * instead of a copy; Redis holds the bytes as they are.
   */
  static final ValueType<byte[]> BYTES_BY_REFERENCE = new ValueType<>(byte[].class, false,
      new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE, ByteArrayCodec.INSTANCE), ValueType::bytes);

  /**
   * JSON text of about the requested size, shaped like an API record (ids, names, timestamps, a
   * list of items): what compression meets in practice, unlike a run of one repeated letter.
   */
  static final ValueType<String> JSON = new ValueType<>(String.class, true, StringCodec.INSTANCE, ValueType::json);

  private static String json(int size) {
    java.util.Random random = new java.util.Random(size);
    String[] words = {"order", "customer", "shipped", "pending", "invoice", "berlin", "lisbon", "express",
        "standard", "refund", "premium", "gift", "warehouse", "north", "south", "priority"};
    StringBuilder sb = new StringBuilder(size + 64).append("{\"id\":").append(random.nextInt(1_000_000))
        .append(",\"created\":\"2026-11-").append(10 + random.nextInt(18)).append("T10:").append(10 + random.nextInt(49))
        .append(":00Z\",\"items\":[");
    while (sb.length() < size - 80) {
      sb.append("{\"sku\":\"").append(Integer.toHexString(random.nextInt())).append("\",\"name\":\"")
          .append(words[random.nextInt(words.length)]).append(' ').append(words[random.nextInt(words.length)])
          .append("\",\"qty\":").append(1 + random.nextInt(9)).append(",\"price\":")
          .append(random.nextInt(10_000) / 100.0).append("},");
    }
    sb.setLength(sb.length() - 1);
    return sb.append("],\"status\":\"").append(words[random.nextInt(words.length)]).append("\"}").toString();
  }

  private static byte[] bytes(int size) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) 'x');
    return value;
  }
}
