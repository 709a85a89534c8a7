package dev.strata.it.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A Spring Boot application whose only cache configuration is application.properties and strata.yaml. */
@SpringBootApplication
@EnableCaching
public class BookApplication {
}
