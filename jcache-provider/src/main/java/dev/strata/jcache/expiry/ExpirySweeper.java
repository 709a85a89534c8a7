package dev.strata.jcache.expiry;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a manager's expiry sweep at a fixed interval: every open cache removes its entries whose
 * expiry has passed and that nobody read, so EXPIRED events arrive within about one interval
 * instead of whenever somebody happens to touch the key. Several JVMs may sweep the same cache; the
 * sweep script is atomic, so each expired entry is removed (and reported) once.
 */
public final class ExpirySweeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

  private final ScheduledExecutorService scheduler;

  /** Starts sweeping: {@code sweep} is called every {@code intervalMillis}. */
  public ExpirySweeper(String managerName, long intervalMillis, Runnable sweep) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-expiry-sweeper-" + managerName);
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        sweep.run();
      } catch (RuntimeException e) {
        LOG.debug("expiry sweep failed; retrying at the next interval", e);
      }
    }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
