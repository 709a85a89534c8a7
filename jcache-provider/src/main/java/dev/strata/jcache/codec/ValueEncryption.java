package dev.strata.jcache.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM encryption of stored values with the JDK's own cipher. An encrypted value is
 * {@code e:<key id length, 1 byte><key id><12-byte IV><ciphertext and 16-byte tag>}: the key id
 * says which key sealed it, so keys can be rotated (write with the new one, keep the old one for
 * reading until its records are rewritten or expire). The cache name is authenticated with every
 * value, so a value copied from another cache does not read. Keys come from configuration
 * (environment variables or files), never from code or Redis, and never appear in a message.
 */
public final class ValueEncryption {

  /** The tag of an encrypted value. */
  static final byte TAG = 'e';
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final byte[] context;

  /** A keyring of {@code keys} by id, for the values of cache {@code cacheName}. */
  public ValueEncryption(Map<String, SecretKey> keys, String cacheName) {
    this.keys = Map.copyOf(keys);
    this.context = ("strata:" + cacheName).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code keyId} is in the keyring. */
  public boolean has(String keyId) {
    return keys.containsKey(keyId);
  }

  /** Whether {@code bytes} is an encrypted value. */
  public static boolean isEncrypted(byte[] bytes) {
    return bytes != null && bytes.length > 3 && bytes[0] == TAG && bytes[1] == ':';
  }

  /** {@code plain} sealed with key {@code keyId}; a fresh random IV every time. */
  public byte[] encrypt(byte[] plain, String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context);
      byte[] sealed = cipher.doFinal(plain);
      byte[] out = new byte[3 + id.length + IV_BYTES + sealed.length];
      out[0] = TAG;
      out[1] = ':';
      out[2] = (byte) id.length;
      System.arraycopy(id, 0, out, 3, id.length);
      System.arraycopy(iv, 0, out, 3 + id.length, IV_BYTES);
      System.arraycopy(sealed, 0, out, 3 + id.length + IV_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new CodecException("cannot encrypt a value with key '" + keyId + "': " + e.getClass().getSimpleName(),
          null);
    }
  }

  /**
   * The value inside {@code bytes}.
   *
   * @throws CodecException when the key id is unknown here, or the bytes were changed or sealed
   *     with another key of the same id (the message never shows key material or the value)
   */
  public byte[] decrypt(byte[] bytes) {
    int idLength = bytes[2] & 0xff;
    if (bytes.length < 3 + idLength + IV_BYTES + TAG_BITS / 8) {
      throw new CodecException("corrupt bytes: encrypted value too short (" + bytes.length + " bytes)", null);
    }
    String keyId = new String(bytes, 3, idLength, StandardCharsets.UTF_8);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new CodecException("a value encrypted with key '" + keyId + "' cannot be read: this manager has no "
          + "such key in strata.encryption.keys", null);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 3 + idLength, IV_BYTES));
      cipher.updateAAD(context);
      int offset = 3 + idLength + IV_BYTES;
      return cipher.doFinal(bytes, offset, bytes.length - offset);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new CodecException("corrupt bytes: an encrypted value does not authenticate with key '" + keyId
          + "' (changed in Redis, copied from another cache, or sealed with another key of that id)", null);
    } catch (GeneralSecurityException e) {
      throw new CodecException("cannot decrypt a value with key '" + keyId + "': " + e.getClass().getSimpleName(),
          null);
    }
  }
}
