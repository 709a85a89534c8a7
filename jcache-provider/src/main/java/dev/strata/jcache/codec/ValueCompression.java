package dev.strata.jcache.codec;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * LZ4 compression of encoded values above a threshold. A compressed value is stored as
 * {@code z:<original length, 4 bytes><LZ4 block>}; the tag says how it is stored, so every cache
 * reads both forms and a cache can switch compression on or off without losing data. LZ4 (block
 * format, fast compressor) was chosen for its speed on both sides: a near miss pays the
 * decompression, and text-like values such as JSON and Kryo-encoded objects with strings still
 * shrink well (figures in docs/performance.md).
 */
public final class ValueCompression {

  /** The tag of a compressed value. */
  static final byte TAG = 'z';
  private static final int HEADER = 6;
  /** Below this an LZ4 block plus its header is hardly ever smaller: not worth a try on every write. */
  private static final int MIN_LENGTH = 64;
  private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
  private static final LZ4FastDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().fastDecompressor();

  private ValueCompression() {
  }

  /**
   * {@code encoded} compressed when it is longer than {@code threshold} bytes and compression makes
   * it smaller; else {@code encoded} itself. The same input gives the same output.
   */
  public static byte[] compress(byte[] encoded, int threshold) {
    if (threshold <= 0 || encoded.length <= threshold || encoded.length < MIN_LENGTH) {
      return encoded;
    }
    byte[] out = new byte[HEADER + COMPRESSOR.maxCompressedLength(encoded.length)];
    int n = COMPRESSOR.compress(encoded, 0, encoded.length, out, HEADER, out.length - HEADER);
    if (HEADER + n >= encoded.length) {
      return encoded; // incompressible (already compressed media, random bytes): store as it is
    }
    out[0] = TAG;
    out[1] = ':';
    ByteBuffer.wrap(out, 2, 4).putInt(encoded.length);
    byte[] exact = new byte[HEADER + n];
    System.arraycopy(out, 0, exact, 0, exact.length);
    return exact;
  }

  /** Whether {@code bytes} is a compressed value. */
  public static boolean isCompressed(byte[] bytes) {
    return bytes != null && bytes.length > HEADER && bytes[0] == TAG && bytes[1] == ':';
  }

  /**
   * The encoded value inside a compressed one.
   *
   * @throws CodecException when the bytes are not a valid compressed value
   */
  static byte[] decompress(byte[] bytes, int maxLength) {
    if (!isCompressed(bytes)) {
      throw new CodecException("corrupt bytes: bad compressed value (" + bytes.length + " bytes)", null);
    }
    int length = ByteBuffer.wrap(bytes, 2, 4).getInt();
    if (length <= 0 || length > maxLength) {
      // the claimed length is read from the data: not shown, like any of its bytes
      throw new CodecException("corrupt bytes: bad length in a compressed value (" + bytes.length + " bytes)", null);
    }
    byte[] out = new byte[length];
    try {
      int read = DECOMPRESSOR.decompress(bytes, HEADER, out, 0, length);
      if (HEADER + read != bytes.length) {
        throw new CodecException("corrupt bytes: a compressed value with trailing bytes (" + bytes.length + " bytes)",
            null);
      }
    } catch (LZ4Exception e) {
      throw new CodecException("corrupt bytes: compressed value cannot be read (" + bytes.length + " bytes)", null);
    }
    if (isCompressed(out)) {
      throw new CodecException("corrupt bytes: compressed twice (" + bytes.length + " bytes)", null);
    }
    return out;
  }
}
