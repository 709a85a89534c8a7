package dev.strata.jcache.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that implement the cache's operations inside Redis. Each lives in its own
 * {@code .lua} resource next to this class; the shared prelude {@code common.lua} is prepended when
 * the text is read, and the SHA-1 of the combined text is what {@code EVALSHA} calls.
 */
public enum Script {
  GET("get", "get", false),
  CONTAINS("contains", "containsKey", false),
  PUT("put", "put", true),
  REMOVE("remove", "remove", true),
  GET_ALL("get_all", "getAll", false),
  PUT_ALL("put_all", "putAll", true),
  BATCH("batch", "atomic batch", true),
  REMOVE_ALL("remove_all", "removeAll", true),
  SCAN("scan", "iteration", false),
  MATCH("match", "removeMatching", false),
  CLEAR("clear", "clear", true),
  DESTROY("destroy", "destroyCache", true),
  SWEEP("sweep", "expiry sweep", false),
  READ("read", "read for update", false),
  COMMIT("commit", "commit of an update", true),
  META("meta", "near-cache check", false),
  LEASE("lease", "listener lease", false);

  private static final String DIR = "scripts/";

  private final String file;
  private final String operation;
  private final String text;
  private final String sha;
  private final boolean userWrite;

  Script(String name, String operation, boolean userWrite) {
    this.userWrite = userWrite;
    this.operation = operation;
    this.file = name + ".lua";
    this.text = read("common.lua") + "\n" + read(file);
    this.sha = sha1(text);
  }

  /** The full text sent with {@code SCRIPT LOAD}. */
  public String text() {
    return text;
  }

  /** The SHA-1 digest that {@code EVALSHA} calls. */
  public String sha() {
    return sha;
  }

  /**
   * Whether the script applies a write the user asked for: it carries a request id (so a re-sent
   * request is not applied twice) and waits for replicas when {@link Durability} asks for it.
   * Reads that only move an expiry, sweeps and leases do neither.
   */
  public boolean userWrite() {
    return userWrite;
  }

  /**
   * Whether a call of the script may change an entry's value or presence: a failed call of one
   * that cannot (a read, a check) leaves nothing in doubt. Reads that move an expiry on access are
   * not counted: caches whose reads do that have no near cache.
   */
  public boolean changesEntries() {
    return userWrite || this == SWEEP;
  }

  /** What the script does, as a user would name it, for error messages. */
  public String operation() {
    return operation;
  }

  /** The resource file name, for error messages. */
  public String file() {
    return file;
  }

  private static String read(String name) {
    try (InputStream in = Script.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + DIR + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read script resource " + DIR + name, e);
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
