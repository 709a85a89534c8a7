package dev.strata.jcache.configuration;

import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${name}} and {@code ${name:default}} in a value of the Strata file, from JVM
 * system properties, then environment variables, so that passwords and ports need not be written
 * into the file. {@code $$} stands for a literal {@code $}. Nested placeholders are not supported.
 */
final class Placeholders {

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  Placeholders(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** Placeholders resolved from this JVM's system properties and environment. */
  static Placeholders ofJvm() {
    return new Placeholders(System::getProperty, System::getenv);
  }

  /**
   * The value with its placeholders replaced.
   *
   * @throws IllegalArgumentException naming the placeholder when it cannot be resolved
   */
  String resolve(String value) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int end = value.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed placeholder '" + value.substring(i) + "'");
        }
        out.append(lookup(value.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String lookup(String expression) {
    int colon = expression.indexOf(':');
    String name = (colon < 0 ? expression : expression.substring(0, colon)).trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("placeholder '${" + expression + "}' names no property");
    }
    String found = systemProperties.apply(name);
    if (found == null) {
      found = environment.apply(name);
    }
    if (found != null) {
      return found;
    }
    if (colon >= 0) {
      return expression.substring(colon + 1);
    }
    throw new IllegalArgumentException("placeholder '${" + name + "}' is neither a system property nor an "
        + "environment variable, and has no default (write ${" + name + ":default})");
  }
}
