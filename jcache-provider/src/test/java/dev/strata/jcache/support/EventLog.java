package dev.strata.jcache.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.event.CacheEntryEvent;

/**
 * A listener that writes "TYPE key=value" of every created, updated and removed event into one
 * shared list ({@link #EVENTS}): JCache builds listeners from a factory, so the test reads what
 * the listener saw through a static. One test at a time may use it (clear it first).
 */
public final class EventLog extends ChangeRecorder<Object, Object> {

  /** What every instance saw, in order. */
  public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  protected void record(CacheEntryEvent<?, ?> event) {
    EVENTS.add(event.getEventType() + " " + event.getKey() + "=" + event.getValue());
  }
}
