package dev.strata.it.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.cache.StrataCache;
import dev.strata.jcache.management.NearCacheBean;
import dev.strata.jcache.manager.StrataCacheManager;
import dev.strata.redis.launcher.RedisExtension;
import dev.strata.redis.launcher.RedisNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Spring Boot 3.5 with {@code spring.cache.jcache.config=classpath:strata.yaml} and nothing else: no
 * CacheManager bean, no allow-list. Applications are started with {@link SpringApplicationBuilder},
 * so that a test can run two at once (as two JVMs would) or restart one.
 */
@ExtendWith(RedisExtension.class)
class SpringBootCacheTest {

  @BeforeAll
  static void pointTheFileAtTheTestRedis(RedisNode redis) {
    // strata.yaml says redis://127.0.0.1:${redis.port}
    System.setProperty("redis.port", Integer.toString(redis.port()));
  }

  /** One application instance, started with the test class path's configuration. */
  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(BookApplication.class).run();
  }

  /**
   * A second instance in the same JVM. JCache gives the same URI and class loader the same manager,
   * so a second application in one JVM would share the first one's manager (and its near caches);
   * an application class loader of its own (delegating everything to ours, the classes are the same)
   * gives it a manager of its own, as a second JVM would have.
   */
  private static ConfigurableApplicationContext startSecondInstance() {
    ClassLoader own = new URLClassLoader(new URL[0], SpringBootCacheTest.class.getClassLoader());
    return new SpringApplicationBuilder(BookApplication.class).resourceLoader(new DefaultResourceLoader(own)).run();
  }

  private static String isbn() {
    return UUID.randomUUID().toString();
  }

  @Test
  void springAnnotationsCacheAndEvictWithStringCompositeAndRecordKeys() {
    try (ConfigurableApplicationContext app = start()) {
      BookService books = app.getBean(BookService.class);
      String isbn = isbn();

      assertEquals("Title of " + isbn, books.title(isbn));
      assertEquals("Title of " + isbn, books.title(isbn));
      assertEquals(1, books.titleCalls(), "second call served by the cache");
      books.forgetTitle(isbn);
      books.title(isbn);
      assertEquals(2, books.titleCalls(), "@CacheEvict removed the entry");

      assertEquals(new BigDecimal("37.50"), books.price(isbn, 3));
      assertEquals(new BigDecimal("37.50"), books.price(isbn, 3));
      assertEquals(new BigDecimal("50.00"), books.price(isbn, 4));
      assertEquals(2, books.priceCalls(), "SimpleKey(isbn, 3) cached, (isbn, 4) a different key");

      ShelfId shelf = new ShelfId("main-" + isbn, 2);
      List<String> first = books.shelf(shelf);
      assertEquals(first, books.shelf(new ShelfId("main-" + isbn, 2)));
      assertEquals(1, books.shelfCalls(), "an equal record is the same key");
      books.shelf(new ShelfId("main-" + isbn, 3));
      assertEquals(2, books.shelfCalls());
    }
  }

  @Test
  void jsr107AnnotationsCacheAndRemove() {
    try (ConfigurableApplicationContext app = start()) {
      BookService books = app.getBean(BookService.class);
      String isbn = isbn();
      assertEquals("Author of " + isbn, books.author(isbn));
      assertEquals("Author of " + isbn, books.author(isbn));
      assertEquals(1, books.authorCalls(), "@CacheResult served the second call");
      books.forgetAuthor(isbn);
      books.author(isbn);
      assertEquals(2, books.authorCalls(), "@CacheRemove removed the entry");
    }
  }

  @Test
  void valuesSurviveAnApplicationRestart() {
    String isbn = isbn();
    ShelfId shelf = new ShelfId("restart-" + isbn, 1);
    try (ConfigurableApplicationContext app = start()) {
      BookService books = app.getBean(BookService.class);
      books.title(isbn);
      books.price(isbn, 2);
      books.shelf(shelf);
      books.author(isbn);
    }
    try (ConfigurableApplicationContext restarted = start()) {
      BookService books = restarted.getBean(BookService.class);
      assertEquals("Title of " + isbn, books.title(isbn));
      assertEquals(new BigDecimal("25.00"), books.price(isbn, 2));
      assertEquals(List.of("restart-" + isbn + "/1/a", "restart-" + isbn + "/1/b"), books.shelf(shelf));
      assertEquals("Author of " + isbn, books.author(isbn));
      assertEquals(0, books.titleCalls() + books.priceCalls() + books.shelfCalls()
          + books.authorCalls(), "every value came from Redis, no method ran after the restart");
    }
  }

  @Test
  void actuatorClearEmptiesTheCacheForASecondInstanceNearCacheIncluded() throws Exception {
    try (ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = startSecondInstance()) {
      BookService firstBooks = first.getBean(BookService.class);
      BookService secondBooks = second.getBean(BookService.class);
      String isbn = isbn();

      secondBooks.title(isbn);
      firstBooks.title(isbn);
      assertEquals(0, firstBooks.titleCalls(), "the first instance reads what the second cached");
      NearCacheBean secondNear = nearCache(second, "books");
      // a near cache serves once its manager confirmed its event subscription; until then reads
      // go to Redis (counted as bypassed), so read until the near cache holds and serves the title
      long warm = System.nanoTime() + 5_000_000_000L;
      while (secondNear.getHits() == 0 && System.nanoTime() < warm) {
        secondBooks.title(isbn);
        Thread.sleep(10);
      }
      assertEquals(1, secondBooks.titleCalls());
      assertTrue(secondNear.getHits() >= 1, "the second instance served the title from its near cache; near cache "
          + secondNear.getState() + ", hits " + secondNear.getHits() + ", misses " + secondNear.getMisses()
          + ", entries " + secondNear.getEntries() + ", bypassed " + secondNear.getBypassedReads());

      int port = Integer.parseInt(first.getEnvironment().getProperty("local.server.port"));
      HttpResponse<String> cleared = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/caches")).DELETE().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(204, cleared.statusCode(), cleared.body());

      // the clear reaches the second instance's near cache through Redis pub/sub: allow it a moment
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (secondBooks.titleCalls() == 1 && System.nanoTime() < deadline) {
        secondBooks.title(isbn);
        if (secondBooks.titleCalls() == 1) {
          Thread.sleep(20);
        }
      }
      assertEquals(2, secondBooks.titleCalls(), "the second instance's near cache was emptied");
      firstBooks.title(isbn);
      assertEquals(0, firstBooks.titleCalls(), "the value the second instance re-cached is shared again");
    }
  }

  /** The near cache of a Strata cache behind Spring's cache of that name. */
  private static NearCacheBean nearCache(ConfigurableApplicationContext app, String name) {
    Cache cache = app.getBean(CacheManager.class).getCache(name);
    assertNotNull(cache);
    javax.cache.Cache<?, ?> jcache = (javax.cache.Cache<?, ?>) cache.getNativeCache();
    assertNotNull(jcache.getCacheManager().unwrap(StrataCacheManager.class));
    StrataCache<?, ?> strata = jcache.unwrap(StrataCache.class);
    assertNotNull(strata.nearCache(), "strata.yaml gives cache " + name + " a near cache");
    return new NearCacheBean(strata.nearCache().metrics());
  }
}
