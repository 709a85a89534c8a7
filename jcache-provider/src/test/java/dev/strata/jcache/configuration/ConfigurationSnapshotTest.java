package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.Test;

/** The read-only configuration a cache hands out (no Redis). */
class ConfigurationSnapshotTest {

  /** A listener that does nothing. */
  public static final class Quiet implements CacheEntryCreatedListener<String, String> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    }
  }

  private static CacheEntryListenerConfiguration<String, String> listener(boolean oldValue) {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(Quiet.class), null, oldValue, false);
  }

  @Test
  void holdsTheValuesGivenAndRefusesEveryChange() {
    MutableConfiguration<String, String> source = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(false).addCacheEntryListenerConfiguration(listener(true));
    CacheEntryListenerConfiguration<String, String> registered = listener(false);
    ConfigurationSnapshot<String, String> snapshot = new ConfigurationSnapshot<>(source, List.of(registered), true,
        false);
    assertEquals(String.class, snapshot.getKeyType());
    assertTrue(snapshot.isStatisticsEnabled());
    assertFalse(snapshot.isManagementEnabled());
    assertEquals(Set.of(registered), Set.copyOf((Collection<?>) snapshot.getCacheEntryListenerConfigurations()),
        "the listeners registered now, not those of the configuration the cache was created with");

    List<Runnable> changes = List.of(
        () -> snapshot.setStatisticsEnabled(false),
        () -> snapshot.setManagementEnabled(true),
        () -> snapshot.setReadThrough(true),
        () -> snapshot.setWriteThrough(true),
        () -> snapshot.setStoreByValue(false),
        () -> snapshot.setTypes(String.class, String.class),
        () -> snapshot.setExpiryPolicyFactory(null),
        () -> snapshot.setCacheLoaderFactory(null),
        () -> snapshot.setCacheWriterFactory(null),
        () -> snapshot.setNearCache(NearCacheSettings.disabled()),
        () -> snapshot.addCacheEntryListenerConfiguration(listener(true)),
        () -> snapshot.removeCacheEntryListenerConfiguration(registered),
        () -> ((Collection<?>) snapshot.getCacheEntryListenerConfigurations()).clear());
    for (Runnable change : changes) {
      assertThrows(UnsupportedOperationException.class, change::run);
    }
    assertTrue(snapshot.isStatisticsEnabled());
    assertEquals(1, ((Collection<?>) snapshot.getCacheEntryListenerConfigurations()).size());
  }

  @Test
  void aCopyOfASnapshotIsAnOrdinaryMutableConfiguration() {
    ConfigurationSnapshot<String, String> snapshot = new ConfigurationSnapshot<>(
        new StrataConfiguration<String, String>().setNearCache(NearCacheSettings.builder().maxEntries(3).build()),
        List.of(listener(false)), false, true);
    StrataConfiguration<String, String> copy = new StrataConfiguration<>(snapshot);
    copy.setStatisticsEnabled(true).addCacheEntryListenerConfiguration(listener(true));
    assertEquals(3, copy.getNearCache().maxEntries());
    assertFalse(snapshot.isStatisticsEnabled());
    assertEquals(new MutableConfiguration<>(snapshot), new MutableConfiguration<>(snapshot));
  }
}
