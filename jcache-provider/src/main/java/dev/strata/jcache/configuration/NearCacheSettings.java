package dev.strata.jcache.configuration;

import java.time.Duration;
import java.util.Objects;

/**
 * The near cache of one cache, as configured: whether it is on, its bound (entries or bytes), the
 * hard maximum age of an entry, the in-memory format and what a write does to the writer's own
 * near entry. Immutable; build one with {@link #builder()}.
 *
 * <p>Defaults when enabled with nothing else set: 10,000 entries, 10 minutes maximum age, value
 * bytes, invalidate on update.
 */
public final class NearCacheSettings {

  /** How near entries hold their values. */
  public enum Format {
    /**
     * The encoded bytes; every read decodes a fresh copy, so callers never share an instance
     * (store-by-value, as JCache asks).
     */
    BYTES,
    /**
     * The decoded object, handed to every reader as is. Only for values that nobody mutates
     * (immutable types): a caller that changes the instance changes what every reader sees.
     */
    OBJECT
  }

  /** What a write does to the writer's own near entry. */
  public enum OnUpdate {
    /** Drop it; the next read fetches the value from Redis. */
    INVALIDATE,
    /**
     * Install the written value, so the writer's next read is a near hit (default). Installed under
     * the same race rules as a fill: a later write from another JVM still wins.
     */
    CACHE
  }

  /** Default bound when neither entries nor bytes are given. */
  public static final long DEFAULT_MAX_ENTRIES = 10_000;
  /** Default hard maximum age of a near entry. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  private static final NearCacheSettings DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final long maxEntries;
  private final long maxBytes;
  private final Duration maxAge;
  private final Format format;
  private final OnUpdate onUpdate;
  private final Duration serveStale;
  private final int admitAfter;
  private final int warmOnStart;

  private NearCacheSettings(Builder b) {
    this.warmOnStart = b.warmOnStart;
    this.serveStale = b.serveStale;
    this.admitAfter = b.admitAfter;
    this.enabled = b.enabled;
    this.maxBytes = b.maxBytes;
    this.maxEntries = b.maxEntries == 0 && b.maxBytes == 0 ? DEFAULT_MAX_ENTRIES : b.maxEntries;
    this.maxAge = b.maxAge;
    this.format = b.format;
    this.onUpdate = b.onUpdate;
  }

  /** Settings with the near cache off. */
  public static NearCacheSettings disabled() {
    return DISABLED;
  }

  /** A builder with the near cache on and the defaults set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder().enabled(enabled).maxAge(maxAge).format(format).onUpdate(onUpdate).serveStale(serveStale)
        .admitAfter(admitAfter).warmOnStart(warmOnStart);
    b.maxEntries = maxBytes > 0 ? 0 : maxEntries;
    b.maxBytes = maxBytes;
    return b;
  }

  /** Whether the cache has a near cache. */
  public boolean enabled() {
    return enabled;
  }

  /** The bound in entries, 0 when bounded by bytes. */
  public long maxEntries() {
    return maxEntries;
  }

  /** The bound in bytes (keys and values as encoded, plus a fixed overhead per entry), 0 when bounded by entries. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The longest a near entry is served, whatever the remote expiry says. */
  public Duration maxAge() {
    return maxAge;
  }

  /** How values are held. */
  public Format format() {
    return format;
  }

  /** What a write does to the writer's own near entry. */
  public OnUpdate onUpdate() {
    return onUpdate;
  }

  /**
   * How stale an entry this near cache may serve while Redis is unavailable ({@code serve-stale});
   * zero (the default): never, reads fail as the remote read fails.
   */
  public Duration serveStale() {
    return serveStale;
  }

  /**
   * How many reads of a key (misses) it takes before a value read from Redis is kept in the near
   * cache ({@code admit-after}); 1 (the default): the first. Own writes and {@code preload} are kept
   * regardless.
   */
  public int admitAfter() {
    return admitAfter;
  }

  /**
   * How many of the keys that near caches of this cache filled most often are preloaded when the
   * cache is created in this JVM ({@code warm-on-start}); 0 (the default): none, and fills are not
   * counted. With it, every fill is counted in a shared sorted set in Redis (one command per near
   * miss, not waited for).
   */
  public int warmOnStart() {
    return warmOnStart;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NearCacheSettings s && s.enabled == enabled && s.maxEntries == maxEntries
        && s.maxBytes == maxBytes && s.maxAge.equals(maxAge) && s.format == format && s.onUpdate == onUpdate
        && s.serveStale.equals(serveStale) && s.admitAfter == admitAfter
        && s.warmOnStart == warmOnStart;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, maxEntries, maxBytes, maxAge, format, onUpdate, serveStale, admitAfter, warmOnStart);
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "NearCacheSettings[disabled]";
    }
    return "NearCacheSettings[" + (maxBytes > 0 ? "max-bytes=" + maxBytes : "max-entries=" + maxEntries)
        + ", max-age=" + maxAge + ", format=" + format + ", on-update=" + onUpdate
        + (serveStale.isZero() ? "" : ", serve-stale=" + serveStale)
        + (admitAfter == 1 ? "" : ", admit-after=" + admitAfter)
        + (warmOnStart == 0 ? "" : ", warm-on-start=" + warmOnStart) + "]";
  }

  /** Builds {@link NearCacheSettings}; every setter checks its argument and names it when it is wrong. */
  public static final class Builder {
    private boolean enabled = true;
    private long maxEntries;
    private long maxBytes;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private Format format = Format.BYTES;
    private OnUpdate onUpdate = OnUpdate.CACHE;
    private Duration serveStale = Duration.ZERO;
    private int admitAfter = 1;
    private int warmOnStart;

    private Builder() {
    }

    /** Switches the near cache on or off. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Bounds the near cache by entry count (replaces a byte bound). */
    public Builder maxEntries(long maxEntries) {
      if (maxEntries <= 0) {
        throw new IllegalArgumentException("near cache setting max-entries must be positive, was " + maxEntries);
      }
      this.maxEntries = maxEntries;
      this.maxBytes = 0;
      return this;
    }

    /** Bounds the near cache by bytes (replaces an entry bound). */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("near cache setting max-bytes must be positive, was " + maxBytes);
      }
      this.maxBytes = maxBytes;
      this.maxEntries = 0;
      return this;
    }

    /** The hard maximum age of a near entry. */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("near cache setting max-age must be positive, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /** How values are held in memory. */
    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** What a write does to the writer's own near entry. */
    public Builder onUpdate(OnUpdate onUpdate) {
      this.onUpdate = Objects.requireNonNull(onUpdate, "onUpdate");
      return this;
    }

    /** Preloads the {@code warmOnStart} keys near caches of the cache filled most; 0: off. */
    public Builder warmOnStart(int warmOnStart) {
      if (warmOnStart < 0 || warmOnStart > 1_000_000) {
        throw new IllegalArgumentException("near cache setting warm-on-start must be between 0 and 1000000, was "
            + warmOnStart);
      }
      this.warmOnStart = warmOnStart;
      return this;
    }

    /**
     * Keeps a value read from Redis only at the {@code admitAfter}-th read of its key within
     * {@code max-age}: a workload whose keys are mostly read once no longer churns the near cache.
     */
    public Builder admitAfter(int admitAfter) {
      if (admitAfter < 1) {
        throw new IllegalArgumentException("near cache setting admit-after must be at least 1, was " + admitAfter);
      }
      this.admitAfter = admitAfter;
      return this;
    }

    /**
     * Lets the near cache serve an entry while Redis is unavailable, if the near cache was last
     * confirmed coherent with Redis at most {@code serveStale} ago; zero turns it off.
     */
    public Builder serveStale(Duration serveStale) {
      Objects.requireNonNull(serveStale, "serveStale");
      if (serveStale.isNegative()) {
        throw new IllegalArgumentException("near cache setting serve-stale must not be negative, was " + serveStale);
      }
      this.serveStale = serveStale;
      return this;
    }

    /** The settings. */
    public NearCacheSettings build() {
      return new NearCacheSettings(this);
    }
  }
}
