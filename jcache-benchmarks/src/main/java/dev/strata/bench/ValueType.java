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

  private static byte[] bytes(int size) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) 'x');
    return value;
  }
}
