package dev.strata.it.spring;

/** A record used as a cache key. */
public record ShelfId(String library, int floor) {
}
