package dev.strata.jcache.near;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * JDK value types whose instances cannot change. A near cache in the bytes format hands these out
 * as one shared instance instead of decoding a copy on every hit: nobody can mutate them, so
 * sharing keeps store-by-value semantics and saves the decode.
 */
final class Immutables {

  private static final Set<Class<?>> TYPES = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
      Character.class, Boolean.class, Double.class, Float.class, BigInteger.class, BigDecimal.class, UUID.class,
      Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class, OffsetDateTime.class, ZonedDateTime.class,
      Duration.class);

  private Immutables() {
  }

  static boolean isImmutable(Object value) {
    return value != null && (TYPES.contains(value.getClass()) || value instanceof Enum<?>);
  }
}
