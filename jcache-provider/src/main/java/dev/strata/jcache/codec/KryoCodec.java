package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.ObjectMap;
import com.esotericsoftware.kryo.util.Pool;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Turns keys and values into bytes and back. Strings, Integers and Longs become readable tagged
 * text ({@code s:hello}, {@code i:42}, {@code l:42}) so that equal keys give identical bytes and an
 * operator can read them with {@code redis-cli}; everything else is written by Kryo behind the tag
 * {@code k:}. Classes with their own Java serialization code keep it (see
 * {@link JavaContractSerializerFactory}). Kryo instances are not thread-safe, so they are pooled.
 */
public final class KryoCodec {

  /** The limit on an encoded key or value when none is given: 16 MiB. */
  public static final int DEFAULT_MAX_ENCODED_BYTES = 16 << 20;

  /** The buffer a pooled output starts with; most keys and values fit. */
  static final int INITIAL_BUFFER_BYTES = 256;

  /**
   * The largest buffer the pool keeps. Kryo grows an output's buffer to fit the value it writes, so
   * one big value would leave a buffer of its size in the pool for good (about 70 MB of heap after
   * a few 8 MiB values on four threads); an output that grew past this gets a fresh buffer instead.
   */
  static final int LARGEST_POOLED_BUFFER_BYTES = 64 << 10;

  private static final byte TAG_SEPARATOR = ':';

  static {
    // Kryo records where a write failed in a StringBuffer (KryoException.addTrace), and for a value
    // that overflows the stack it does so at the bottom of that stack. If that is the JVM's first
    // StringBuffer, the class's initialization fails there and java.lang.StringBuffer stays
    // unusable for the rest of the JVM's life; so it is initialized here, on an ordinary stack.
    try {
      MethodHandles.lookup().ensureInitialized(StringBuffer.class);
    } catch (IllegalAccessException e) {
      throw new AssertionError("java.lang.StringBuffer is public", e);
    }
  }

  private final int maxEncodedBytes;
  private final ClassAllowList allowList;
  private final ClassLoader userClassLoader;
  private final ClassLoader classLoader;
  private final Pool<Kryo> kryos;
  private final Pool<Output> outputs;

  /** Creates a codec that resolves classes through {@code classLoader}, limited by {@code allowList}. */
  public KryoCodec(ClassLoader classLoader, ClassAllowList allowList) {
    this(classLoader, allowList, DEFAULT_MAX_ENCODED_BYTES);
  }

  /**
   * Creates a codec that resolves classes through {@code classLoader}, limited by {@code allowList},
   * and refuses keys and values whose encoded form (the bytes stored in Redis, type tag included)
   * would exceed {@code maxEncodedBytes}.
   */
  public KryoCodec(ClassLoader classLoader, ClassAllowList allowList, int maxEncodedBytes) {
    if (maxEncodedBytes < 1) {
      throw new IllegalArgumentException("maxEncodedBytes must be positive, was " + maxEncodedBytes);
    }
    this.maxEncodedBytes = maxEncodedBytes;
    this.allowList = allowList;
    this.userClassLoader = classLoader;
    this.classLoader = allowList.allowsEverything() ? classLoader : new AllowListClassLoader(classLoader, allowList);
    int poolSize = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    this.kryos = new Pool<>(true, false, poolSize) {
      @Override
      protected Kryo create() {
        return newKryo();
      }
    };
    this.outputs = new Pool<>(true, false, poolSize) {
      @Override
      protected Output create() {
        // the cap makes Kryo stop, with a buffer overflow, as soon as a value outgrows the limit
        return new Output(initialBuffer(), maxEncodedBytes);
      }
    };
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new CheckingClassResolver(allowList, userClassLoader), null);
    kryo.setRegistrationRequired(false);
    kryo.setReferences(true);
    kryo.setClassLoader(classLoader);
    // classes without a no-arg constructor are created without calling one
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    kryo.setDefaultSerializer(new JavaContractSerializerFactory(allowList, userClassLoader));
    // Kryo's MapSerializer, its default for every Map, creates an EnumMap without its key type, and
    // reading one then failed for any enum; EnumMap's own stream code writes the key type
    kryo.addDefaultSerializer(EnumMap.class, new AllowListJavaSerializer(allowList, userClassLoader));
    return kryo;
  }

  /**
   * Encodes a non-null object.
   *
   * @throws EncodedSizeExceededException when the encoded form would exceed the limit
   * @throws ClassNotAllowedException when the value holds a class that could not be read back
   * @throws CodecException when the value cannot be serialized for another reason
   */
  public byte[] encode(Object value) {
    if (value instanceof String s) {
      return encodeString(s);
    }
    if (value instanceof Integer || value instanceof Long) {
      byte[] digits = value.toString().getBytes(StandardCharsets.US_ASCII);
      requireFits(digits.length + 2, value.getClass());
      return tagged(value instanceof Integer ? 'i' : 'l', digits);
    }
    Kryo kryo = kryos.obtain();
    Output output = outputs.obtain();
    try {
      output.reset();
      output.writeByte('k');
      output.writeByte(TAG_SEPARATOR);
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    } catch (RuntimeException | StackOverflowError e) {
      throw encodingFailure(value, e);
    } finally {
      // Kryo resets itself when a graph is done, but a write that failed half-way, above all by a
      // stack overflow, may have skipped that and left references to the value behind
      kryo.reset();
      if (output.getBuffer().length > LARGEST_POOLED_BUFFER_BYTES) {
        output.setBuffer(initialBuffer(), maxEncodedBytes);
      }
      outputs.free(output);
      kryos.free(kryo);
    }
  }

  private byte[] initialBuffer() {
    return new byte[Math.min(INITIAL_BUFFER_BYTES, maxEncodedBytes)];
  }

  /** The size of the largest buffer among the pooled outputs, for tests that check nothing big stays. */
  int largestPooledBufferBytes() {
    List<Output> pooled = new ArrayList<>();
    for (int i = outputs.getFree(); i > 0; i--) {
      pooled.add(outputs.obtain());
    }
    int largest = pooled.stream().mapToInt(o -> o.getBuffer().length).max().orElse(0);
    pooled.forEach(outputs::free);
    return largest;
  }

  private byte[] encodeString(String s) {
    // a char takes one to three bytes in UTF-8: check the size before making the bytes, counting
    // them only when the string is near the limit
    requireFits(s.length() + 2L, String.class);
    if (3L * s.length() + 2 > maxEncodedBytes) {
      requireFits(utf8Length(s) + 2, String.class);
    }
    return tagged('s', s.getBytes(StandardCharsets.UTF_8));
  }

  private void requireFits(long encodedLength, Class<?> type) {
    if (encodedLength > maxEncodedBytes) {
      throw new EncodedSizeExceededException(type, maxEncodedBytes);
    }
  }

  /** The length of {@code s} in UTF-8, as {@link String#getBytes} encodes it (a lone surrogate as '?'). */
  private static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += Character.isSurrogate(c) ? 1 : 3;
      }
    }
    return bytes;
  }

  /**
   * The exception to throw for a failed write. Kryo's serializers wrap what went wrong below them,
   * so the cause chain is searched: a rejected class stays a {@link ClassNotAllowedException}, a
   * stack overflow (a value too deep, such as a long chain of nodes) becomes a
   * {@link CodecException} that says so, the output buffer's overflow means the value outgrew the
   * limit, and an out-of-memory or other virtual machine error is thrown as it is, because it is
   * not about this value.
   */
  private RuntimeException encodingFailure(Object value, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ClassNotAllowedException rejected) {
        return rejected;
      }
      if (t instanceof KryoBufferOverflowException) {
        return new EncodedSizeExceededException(value.getClass(), maxEncodedBytes);
      }
      if (t instanceof StackOverflowError) {
        return new CodecException("a value of class " + value.getClass().getName() + " is nested too deeply to "
            + "serialize (the stack overflowed); store a flatter structure", failure);
      }
      if (t instanceof VirtualMachineError error) {
        throw error;
      }
    }
    return new CodecException("cannot serialize " + value.getClass().getName() + ": " + failure.getMessage(), failure);
  }

  /** Decodes bytes made by {@link #encode}. */
  public Object decode(byte[] bytes) {
    if (bytes == null || bytes.length < 2 || bytes[1] != TAG_SEPARATOR) {
      throw new CodecException("corrupt bytes: no type tag (" + length(bytes) + ")", null);
    }
    try {
      switch (bytes[0]) {
        case 's':
          return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_8);
        case 'i':
          return Integer.valueOf(new String(bytes, 2, bytes.length - 2, StandardCharsets.US_ASCII));
        case 'l':
          return Long.valueOf(new String(bytes, 2, bytes.length - 2, StandardCharsets.US_ASCII));
        case 'k':
          return decodeKryo(bytes);
        case ValueCompression.TAG:
          // whatever this cache's setting: another JVM, or this one before a switch, may compress
          return decode(ValueCompression.decompress(bytes, maxEncodedBytes));
        default:
          throw new CodecException("corrupt bytes: unknown type tag (" + length(bytes) + ")", null);
      }
    } catch (NumberFormatException e) {
      // not the cause: its message quotes the bytes
      throw new CodecException("corrupt bytes: bad number (" + length(bytes) + ")", null);
    }
  }

  private Object decodeKryo(byte[] bytes) {
    Kryo kryo = kryos.obtain();
    try (Input input = new Input(bytes, 2, bytes.length - 2)) {
      Object result = kryo.readClassAndObject(input);
      if (input.position() != bytes.length) {
        throw new CodecException("corrupt bytes: " + (bytes.length - input.position()) + " trailing bytes", null);
      }
      return result;
    } catch (ClassNotAllowedException | CodecException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      ClassNotAllowedException rejected = find(e, ClassNotAllowedException.class);
      if (rejected != null) {
        throw rejected;
      }
      if (find(e, StackOverflowError.class) != null) {
        throw new CodecException("the value is nested too deeply to deserialize (the stack overflowed)", e);
      }
      throw new CodecException("corrupt bytes: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      // a read that failed half-way leaves reference state behind; reset before reuse
      kryo.reset();
      kryos.free(kryo);
    }
  }

  /** The first throwable of {@code type} in the cause chain of {@code e}, or null. */
  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static byte[] tagged(char tag, byte[] payload) {
    byte[] out = new byte[payload.length + 2];
    out[0] = (byte) tag;
    out[1] = TAG_SEPARATOR;
    System.arraycopy(payload, 0, out, 2, payload.length);
    return out;
  }

  /** Describes bytes by their length only: a message may end up in a log, and the bytes may be anyone's data. */
  private static String length(byte[] bytes) {
    return bytes == null ? "null" : bytes.length + " bytes";
  }

  /**
   * Checks every class Kryo names in the bytes against the allow list, on both sides. Writing, it
   * refuses classes that could not be read back, so that a put of a disallowed class fails at once
   * instead of poisoning Redis for every reader. Reading, it resolves each class name itself before
   * Kryo would ask the class loader: the whole name is needed to accept an array of an interface
   * ({@code [Ljava.io.Serializable;}), while a class loader is only ever asked for the element. Classes
   * Kryo registers by default (primitives, their wrappers, String) are never written by name and
   * are always fine.
   */
  private static final class CheckingClassResolver extends DefaultClassResolver {
    private final ClassAllowList allowList;
    private final ClassLoader classLoader;

    CheckingClassResolver(ClassAllowList allowList, ClassLoader classLoader) {
      this.allowList = allowList;
      this.classLoader = classLoader;
    }

    @Override
    public Registration writeClass(Output output, Class type) {
      if (type != null && !allowList.allowsEverything()) {
        Registration registration = getRegistration(type);
        boolean byName = registration == null || registration.getId() == DefaultClassResolver.NAME;
        if (byName) {
          allowList.requireAllowed(type);
        }
      }
      return super.writeClass(output, type);
    }

    /**
     * Called by {@link DefaultClassResolver#readName} for every class name read from the bytes
     * before it loads the class, and meant as its cache of names already resolved; resolving
     * here, through the allow list, is what makes the check see the whole name. A class that is
     * allowed but missing gives null, and Kryo then reports it missing as it always does.
     */
    @Override
    protected Class getTypeByName(String className) {
      Class<?> known = super.getTypeByName(className);
      if (known != null || allowList.allowsEverything()) {
        return known;
      }
      Class<?> type;
      try {
        type = allowList.resolve(className, classLoader);
      } catch (ClassNotFoundException e) {
        return null;
      }
      if (nameToClass == null) {
        nameToClass = new ObjectMap<>();
      }
      nameToClass.put(className, type);
      return type;
    }
  }
}
