package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Turns keys and values into bytes and back. Strings, Integers and Longs become readable tagged
 * text ({@code s:hello}, {@code i:42}, {@code l:42}) so that equal keys give identical bytes and an
 * operator can read them with {@code redis-cli}; everything else is written by Kryo behind the tag
 * {@code k:}. Classes with their own Java serialization code keep it (see
 * {@link JavaContractSerializerFactory}). Kryo instances are not thread-safe, so they are pooled.
 */
public final class KryoCodec {

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

  private final ClassAllowList allowList;
  private final ClassLoader userClassLoader;
  private final ClassLoader classLoader;
  private final Pool<Kryo> kryos;
  private final Pool<Output> outputs;

  /** Creates a codec that resolves classes through {@code classLoader}, limited by {@code allowList}. */
  public KryoCodec(ClassLoader classLoader, ClassAllowList allowList) {
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
        return new Output(256, -1);
      }
    };
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new CheckingClassResolver(allowList), null);
    kryo.setRegistrationRequired(false);
    kryo.setReferences(true);
    kryo.setClassLoader(classLoader);
    // classes without a no-arg constructor are created without calling one
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    kryo.setDefaultSerializer(new JavaContractSerializerFactory(allowList, userClassLoader));
    return kryo;
  }

  /** Encodes a non-null object. */
  public byte[] encode(Object value) {
    if (value instanceof String s) {
      return tagged('s', s.getBytes(StandardCharsets.UTF_8));
    }
    if (value instanceof Integer || value instanceof Long) {
      return tagged(value instanceof Integer ? 'i' : 'l', value.toString().getBytes(StandardCharsets.US_ASCII));
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
      outputs.free(output);
      kryos.free(kryo);
    }
  }

  /**
   * The exception to throw for a failed write. Kryo's serializers wrap what went wrong below them,
   * so the cause chain is searched: a rejected class stays a {@link ClassNotAllowedException}, a
   * stack overflow (a value too deep, such as a long chain of nodes) becomes a
   * {@link CodecException} that says so, and an out-of-memory or other virtual machine error is
   * thrown as it is, because it is not about this value.
   */
  private static RuntimeException encodingFailure(Object value, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ClassNotAllowedException rejected) {
        return rejected;
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
      throw new CodecException("corrupt bytes: no type tag (" + preview(bytes) + ")", null);
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
        default:
          throw new CodecException("corrupt bytes: unknown type tag '" + (char) bytes[0] + "' (" + preview(bytes) + ")", null);
      }
    } catch (NumberFormatException e) {
      throw new CodecException("corrupt bytes: bad number (" + preview(bytes) + ")", e);
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

  private static String preview(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(bytes.length + " bytes:");
    for (int i = 0; i < Math.min(bytes.length, 16); i++) {
      sb.append(String.format(" %02x", bytes[i]));
    }
    return sb.toString();
  }

  /**
   * Refuses to write classes that could not be read back, so that a put of a disallowed class fails
   * at once instead of poisoning Redis for every reader. Classes Kryo registers by default
   * (primitives, their wrappers, String) are always fine.
   */
  private static final class CheckingClassResolver extends DefaultClassResolver {
    private final ClassAllowList allowList;

    CheckingClassResolver(ClassAllowList allowList) {
      this.allowList = allowList;
    }

    @Override
    public Registration writeClass(Output output, Class type) {
      if (type != null) {
        Registration registration = getRegistration(type);
        boolean byName = registration == null || registration.getId() == DefaultClassResolver.NAME;
        if (byName && !allowList.isAllowed(type.getName())) {
          throw new ClassNotAllowedException(type.getName());
        }
      }
      return super.writeClass(output, type);
    }
  }
}
