package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.ObjectMap;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Writes an object with Java serialization inside the Kryo bytes, for classes whose serialized form
 * is defined by their own code ({@code writeObject}, {@code readResolve}, ...) rather than by their
 * fields. Every class the Java stream meets is checked against the allow list, on write and on read
 * (see {@link AllowListObjectOutputStream} and {@link AllowListObjectInputStream}).
 *
 * <p>All Java-serialized objects of one Kryo graph share one Java stream, kept in Kryo's graph
 * context (which Kryo clears when the graph is done), so that an object they both reference is
 * written once and read back as one object, as plain Java serialization would do.
 */
final class AllowListJavaSerializer extends Serializer<Object> {

  private static final Object OUTPUT_STREAM_KEY = new Object();
  private static final Object INPUT_STREAM_KEY = new Object();

  private final ClassAllowList allowList;
  private final ClassLoader classLoader;

  AllowListJavaSerializer(ClassAllowList allowList, ClassLoader classLoader) {
    this.allowList = allowList;
    this.classLoader = classLoader;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    try {
      ObjectOutputStream stream = (ObjectOutputStream) graphContext(kryo).get(OUTPUT_STREAM_KEY);
      if (stream == null) {
        stream = new AllowListObjectOutputStream(output, allowList);
        graphContext(kryo).put(OUTPUT_STREAM_KEY, stream);
      }
      stream.writeObject(object);
      stream.flush();
    } catch (IOException e) {
      throw new KryoException("Java serialization of " + object.getClass().getName() + " failed: " + e, e);
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
    try {
      ObjectInputStream stream = (ObjectInputStream) graphContext(kryo).get(INPUT_STREAM_KEY);
      if (stream == null) {
        stream = new AllowListObjectInputStream(input, allowList, classLoader);
        graphContext(kryo).put(INPUT_STREAM_KEY, stream);
      }
      return stream.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new KryoException("Java deserialization of " + type.getName() + " failed: " + e, e);
    }
  }

  @SuppressWarnings("unchecked") // Kryo declares its graph context as a raw map
  private static ObjectMap<Object, Object> graphContext(Kryo kryo) {
    return kryo.getGraphContext();
  }
}
