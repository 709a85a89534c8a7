package dev.strata.jcache.store;

/**
 * One change reported by a script, still as bytes: the type ({@code C} created, {@code U} updated,
 * {@code R} removed, {@code X} expired), the encoded key, the new value and the old value
 * (null where there is none).
 *
 * @param type the event type code
 * @param key the encoded key
 * @param value the encoded new value (for R and X: the value that was removed)
 * @param oldValue the encoded old value, or null
 */
public record RawEvent(char type, byte[] key, byte[] value, byte[] oldValue) {
}
