package dev.strata.bench;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A named mix of operations.
 *
 * @param name the name used in tables and files
 * @param description what it does, with its parameters
 * @param keyCount the key space
 * @param valueSize value size in bytes
 * @param values what the values are and how the subjects store them
 * @param chooser picks keys, built for the key space
 * @param readPercent share of reads (get or getAll), the rest are writes (put or putAll)
 * @param bulkSize keys per getAll/putAll, or 0 for single-key operations
 * @param subjects the subjects measured, by name, in the order they take turns
 */
record Workload(String name, String description, int keyCount, int valueSize, ValueType<?> values,
    IntFunction<KeyChooser> chooser, int readPercent, int bulkSize, List<String> subjects) {

  /** The subject that does a bulk workload with single-key calls, to show what bulk calls save. */
  static final String STRATA_SINGLE_CALLS = "Strata, one get/put per key";

  /** The workloads; {@code quick} shrinks the key spaces. */
  static List<Workload> all(boolean quick) {
    int big = quick ? 20_000 : 100_000;
    int huge = quick ? 50_000 : 200_000;
    List<String> everyone = List.of(Subjects.STRATA_NEAR, Subjects.STRATA, Subjects.REDISSON_JCACHE,
        Subjects.LOCAL_CACHED_MAP, Subjects.RAW, Subjects.CAFFEINE);
    return List.of(
        new Workload("read-heavy-zipf",
            "90% get / 10% put, Zipfian (theta 0.99) over " + big + " keys, 1 KB values", big, 1024,
            ValueType.STRINGS, n -> KeyChooser.zipfian(n, 0.99), 90, 0, everyone),
        new Workload("uniform-remote",
            "50% get / 50% put, uniform over " + huge + " keys (20x the near caches), 1 KB values", huge, 1024,
            ValueType.STRINGS, KeyChooser::uniform, 50, 0, everyone),
        new Workload("hot-set",
            "100% get, uniform over a hot set of 1,000 keys (fits every near cache), 100-byte values", 1_000, 100,
            ValueType.STRINGS, KeyChooser::uniform, 100, 0, everyone),
        new Workload("hot-set-bytes",
            "100% get, uniform over a hot set of 1,000 keys (fits every near cache), 1 KB byte[] values stored "
                + "by reference", 1_000, 1024, ValueType.BYTES_BY_REFERENCE, KeyChooser::uniform, 100, 0, everyone),
        new Workload("bulk-100",
            "getAll / putAll of 100 keys (90% / 10%), uniform over " + big + " keys, 1 KB values", big, 1024,
            ValueType.STRINGS, KeyChooser::uniform, 90, 100,
            List.of(Subjects.STRATA, STRATA_SINGLE_CALLS, Subjects.REDISSON_JCACHE, Subjects.RAW)),
        new Workload("storage-policies",
            "80% get / 20% put, uniform over " + big + " keys, 1 KB JSON values; Strata without near cache, plain "
                + "and with one storage policy each (bounds hold 90% of the keys: about 10% of gets miss and 10% of "
                + "puts create an entry and evict one)", big, 1024, ValueType.JSON, KeyChooser::uniform, 80, 0,
            List.of(Subjects.STRATA, Subjects.STRATA_LRU, Subjects.STRATA_LFU, Subjects.STRATA_FIFO,
                Subjects.STRATA_LZ4, Subjects.STRATA_AES)));
  }
}
