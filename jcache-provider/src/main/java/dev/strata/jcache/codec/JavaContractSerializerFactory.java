package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.SerializerFactory.FieldSerializerFactory;
import com.esotericsoftware.kryo.serializers.ExternalizableSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Chooses the serializer of every class that none of Kryo's own serializers claims (Kryo keeps its
 * dedicated ones for collections, maps, records, enums, dates and the other JDK value types). Kryo's
 * usual choice, the FieldSerializer, copies fields and ignores a class's serialization code: a field
 * that {@code writeObject} leaves out was stored anyway, and {@code readResolve} was never called,
 * so a singleton came back as a second instance. Classes with such code are therefore written the
 * way Java writes them:
 *
 * <ul>
 *   <li>{@link Externalizable} classes through their {@code writeExternal}/{@code readExternal}
 *       (Kryo's ExternalizableSerializer; nested objects still go through Kryo and its class checks),
 *   <li>serializable classes declaring {@code writeObject}, {@code readObject},
 *       {@code readObjectNoData}, {@code serialPersistentFields}, {@code writeReplace} or
 *       {@code readResolve} (found by Java's own lookup rules), with Java serialization checked
 *       against the allow list ({@link AllowListJavaSerializer}).
 * </ul>
 *
 * <p>Serializable classes whose fields Kryo may not read (JDK classes such as {@code UUID}, whose
 * module does not open its package) are Java-serialized too, which needs no such access. Everything
 * else keeps the FieldSerializer, which is faster and more compact.
 */
final class JavaContractSerializerFactory implements SerializerFactory<Serializer<?>> {

  private final FieldSerializerFactory fieldSerializers = new FieldSerializerFactory();
  private final AllowListJavaSerializer javaSerializer;

  JavaContractSerializerFactory(ClassAllowList allowList, ClassLoader classLoader) {
    this.javaSerializer = new AllowListJavaSerializer(allowList, classLoader);
  }

  @Override
  public Serializer<?> newSerializer(Kryo kryo, @SuppressWarnings("rawtypes") Class type) {
    if (Externalizable.class.isAssignableFrom(type)) {
      // Java applies writeReplace/readResolve to Externalizable classes too; Kryo's
      // ExternalizableSerializer would fall back to an unchecked Java stream for them
      return hasReplaceHooks(type) ? javaSerializer : new ExternalizableSerializer();
    }
    if (Serializable.class.isAssignableFrom(type)
        && (hasReplaceHooks(type) || hasStreamHooks(type) || !fieldsOpenToKryo(type))) {
      return javaSerializer;
    }
    return fieldSerializers.newSerializer(kryo, type);
  }

  @Override
  public boolean isSupported(@SuppressWarnings("rawtypes") Class type) {
    return true;
  }

  private static boolean hasReplaceHooks(Class<?> type) {
    return hasInheritableHook(type, "writeReplace") || hasInheritableHook(type, "readResolve");
  }

  /**
   * Whether a serializable class of the hierarchy declares its own stream code. Java looks for these
   * per class, private and not static, and only in classes that are themselves serializable.
   */
  private static boolean hasStreamHooks(Class<?> type) {
    for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass()) {
      if (hasPrivateHook(c, "writeObject", ObjectOutputStream.class)
          || hasPrivateHook(c, "readObject", ObjectInputStream.class)
          || hasPrivateHook(c, "readObjectNoData")
          || declaresSerialPersistentFields(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the FieldSerializer can read every stored field: since Java 9 a module that does not
   * open a package refuses reflective access to its fields, and the FieldSerializer then fails.
   */
  private static boolean fieldsOpenToKryo(Class<?> type) {
    Module kryo = FieldSerializer.class.getModule();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (!c.getModule().isOpen(c.getPackageName(), kryo) && declaresStoredFields(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean declaresStoredFields(Class<?> c) {
    for (Field field : c.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasPrivateHook(Class<?> c, String name, Class<?>... parameterTypes) {
    try {
      Method method = c.getDeclaredMethod(name, parameterTypes);
      int modifiers = method.getModifiers();
      return method.getReturnType() == void.class && Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static boolean declaresSerialPersistentFields(Class<?> c) {
    try {
      Field field = c.getDeclaredField("serialPersistentFields");
      int required = Modifier.PRIVATE | Modifier.STATIC | Modifier.FINAL;
      return (field.getModifiers() & required) == required && field.getType() == ObjectStreamField[].class;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  /**
   * Whether Java would call the no-argument method {@code name} returning Object on instances of
   * {@code type}: the nearest declaration in the hierarchy counts if it is public or protected, if
   * it is private and declared by {@code type} itself, or if it is package-private and declared in
   * the same package.
   */
  private static boolean hasInheritableHook(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method method;
      try {
        method = c.getDeclaredMethod(name);
      } catch (NoSuchMethodException e) {
        continue;
      }
      int modifiers = method.getModifiers();
      if (method.getReturnType() != Object.class || Modifier.isStatic(modifiers) || Modifier.isAbstract(modifiers)) {
        return false;
      }
      if (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) {
        return true;
      }
      if (Modifier.isPrivate(modifiers)) {
        return c == type;
      }
      return c.getClassLoader() == type.getClassLoader() && c.getPackageName().equals(type.getPackageName());
    }
    return false;
  }
}
