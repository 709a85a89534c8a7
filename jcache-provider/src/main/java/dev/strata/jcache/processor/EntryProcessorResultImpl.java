package dev.strata.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * One key's result of {@code invokeAll}: the processor's return value, or the exception it threw,
 * which {@link #get()} throws again.
 *
 * @param <T> result type
 */
public final class EntryProcessorResultImpl<T> implements EntryProcessorResult<T> {

  private final T value;
  private final EntryProcessorException failure;

  private EntryProcessorResultImpl(T value, EntryProcessorException failure) {
    this.value = value;
    this.failure = failure;
  }

  /** A successful result. */
  public static <T> EntryProcessorResultImpl<T> of(T value) {
    return new EntryProcessorResultImpl<>(value, null);
  }

  /** A failed result. */
  public static <T> EntryProcessorResultImpl<T> failed(EntryProcessorException failure) {
    return new EntryProcessorResultImpl<>(null, failure);
  }

  @Override
  public T get() throws EntryProcessorException {
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
