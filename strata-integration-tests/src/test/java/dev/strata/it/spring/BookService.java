package dev.strata.it.spring;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Cached methods with Spring's and JSR-107's annotations; each counts its real invocations, so a test
 * sees whether a call was served by the cache.
 */
@Service
public class BookService {

  // read through methods: a test holds the caching proxy, whose own fields are not the bean's
  private final AtomicInteger titleCalls = new AtomicInteger();
  private final AtomicInteger priceCalls = new AtomicInteger();
  private final AtomicInteger shelfCalls = new AtomicInteger();
  private final AtomicInteger authorCalls = new AtomicInteger();

  public int titleCalls() {
    return titleCalls.get();
  }

  public int priceCalls() {
    return priceCalls.get();
  }

  public int shelfCalls() {
    return shelfCalls.get();
  }

  public int authorCalls() {
    return authorCalls.get();
  }

  /** String key. */
  @Cacheable("books")
  public String title(String isbn) {
    titleCalls.incrementAndGet();
    return "Title of " + isbn;
  }

  @CacheEvict("books")
  public void forgetTitle(String isbn) {
  }

  /** Two arguments: Spring's key is a {@code SimpleKey}. */
  @Cacheable("prices")
  public BigDecimal price(String isbn, int quantity) {
    priceCalls.incrementAndGet();
    return new BigDecimal("12.50").multiply(BigDecimal.valueOf(quantity));
  }

  /** A record as the key, a list as the value. */
  @Cacheable("shelves")
  public List<String> shelf(ShelfId id) {
    shelfCalls.incrementAndGet();
    return List.of(id.library() + "/" + id.floor() + "/a", id.library() + "/" + id.floor() + "/b");
  }

  /** JSR-107's annotations, which Spring serves through the same caches. */
  @CacheResult(cacheName = "authors")
  public String author(String isbn) {
    authorCalls.incrementAndGet();
    return "Author of " + isbn;
  }

  @CacheRemove(cacheName = "authors")
  public void forgetAuthor(String isbn) {
  }
}
