package dev.strata.jcache.store;

import java.util.List;

/**
 * One page of a segment's entries.
 *
 * @param cursor the cursor of the next page, "0" after the last
 * @param entries the live entries of the page as (encoded key, encoded value, version token);
 *     a corrupt record comes with a null value, so that it can still be removed
 * @param corrupt how many records of the page could not be read
 */
public record ScanPage(String cursor, List<byte[][]> entries, int corrupt) {
}
