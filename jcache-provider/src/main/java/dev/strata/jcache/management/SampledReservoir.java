package dev.strata.jcache.management;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A reservoir that passes on one update in {@code oneIn}, chosen at random, to another. For the
 * timer of near hits, which come by the million: the inner reservoir keeps a bounded random sample
 * anyway, so thinning its input uniformly leaves the percentiles unbiased while most hits skip its
 * clock read and arithmetic. The timer's count and rates still count every hit.
 */
final class SampledReservoir implements Reservoir {

  private final Reservoir inner;
  private final int oneIn;

  SampledReservoir(Reservoir inner, int oneIn) {
    this.inner = inner;
    this.oneIn = oneIn;
  }

  @Override
  public int size() {
    return inner.size();
  }

  @Override
  public void update(long value) {
    if (ThreadLocalRandom.current().nextInt(oneIn) == 0) {
      inner.update(value);
    }
  }

  @Override
  public Snapshot getSnapshot() {
    return inner.getSnapshot();
  }
}
