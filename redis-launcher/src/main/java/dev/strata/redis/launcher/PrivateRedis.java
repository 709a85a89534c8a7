package dev.strata.redis.launcher;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RedisNode} parameter that must be a server of its own, not the one shared by the
 * run: for tests that stop, pause, flush or restart it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface PrivateRedis {
}
