package dev.strata.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Registers {@link StrataRegionFactory} with Hibernate's strategy selector (found through
 * {@code META-INF/services}), so that {@code hibernate.cache.region.factory_class=strata} selects it.
 */
public final class StrataRegionFactoryRegistration implements StrategyRegistrationProvider {

  @Override
  public Iterable<StrategyRegistration> getStrategyRegistrations() {
    return List.<StrategyRegistration>of(new SimpleStrategyRegistrationImpl<RegionFactory>(RegionFactory.class, StrataRegionFactory.class,
        StrataRegionFactory.SHORT_NAME, StrataRegionFactory.class.getName()));
  }
}
