package dev.strata.jcache.store;

/**
 * The answer of a single-key write ({@code put} and {@code remove} families).
 *
 * @param applied whether the write changed the entry
 * @param oldValue the value before the write when the caller asked for it (or a condition needed
 *     it), else null
 * @param wasPresent whether a live entry existed before the write
 */
public record WriteReply(boolean applied, byte[] oldValue, boolean wasPresent) {
}
