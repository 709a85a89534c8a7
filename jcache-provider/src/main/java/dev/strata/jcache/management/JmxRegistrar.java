package dev.strata.jcache.management;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers Strata's MXBeans in the platform MBeanServer: the standard JCache ones under
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>} and
 * the near cache's under {@code dev.strata:type=NearCache,...} and the manager's health under
 * {@code dev.strata:type=Health,CacheManager=<uri>}. Nothing but the standard beans is ever put in
 * the {@code javax.cache} domain (tools and the TCK count what is there). Callers pass the manager's
 * URI redacted (no password: see {@code Redaction}).
 */
public final class JmxRegistrar {

  /** The kinds of bean. */
  public enum Kind {
    /** The {@code CacheMXBean}. */
    CONFIGURATION("javax.cache", "CacheConfiguration"),
    /** The {@code CacheStatisticsMXBean}. */
    STATISTICS("javax.cache", "CacheStatistics"),
    /** The {@link NearCacheMXBean}. */
    NEAR_CACHE("dev.strata", "NearCache"),
    /** The {@link HealthMXBean}, one per manager (no cache name). */
    HEALTH("dev.strata", "Health");

    private final String domain;
    private final String type;

    Kind(String domain, String type) {
      this.domain = domain;
      this.type = type;
    }
  }

  private JmxRegistrar() {
  }

  /** The object name of a bean. */
  public static ObjectName objectName(Kind kind, String managerUri, String cacheName) {
    try {
      return new ObjectName(kind.domain + ":type=" + kind.type + ",CacheManager=" + sanitize(managerUri)
          + (cacheName == null ? "" : ",Cache=" + sanitize(cacheName)));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("invalid MBean name for cache " + cacheName, e);
    }
  }

  /** Registers {@code bean} unless a bean of that name is registered already. */
  public static synchronized void register(Kind kind, String managerUri, String cacheName, Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently: the bean is there, which is what was asked
    } catch (JMException e) {
      throw new CacheException("cannot register MBean " + name, e);
    }
  }

  /** Unregisters the bean if it is registered. */
  public static synchronized void unregister(Kind kind, String managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // already gone
    } catch (JMException e) {
      throw new CacheException("cannot unregister MBean " + name, e);
    }
  }

  /** Replaces the characters that are not allowed in an unquoted object name value. */
  static String sanitize(String s) {
    return s == null ? "" : s.replaceAll("[,:=\n*?\"]", ".");
  }
}
