package dev.strata.jcache.configuration;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URIs and setting values as they may be shown: in exception messages, log lines, thread names,
 * MBean names, metric and health-check names. The user-info part of a URI ({@code user:password@})
 * becomes {@code ***@}, and query parameters that carry secrets ({@code password}, {@code token},
 * {@code secret}, {@code key} ...) keep their name but not their value.
 */
public final class Redaction {

  /** What a hidden secret is shown as. */
  public static final String HIDDEN = "***";

  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*)@");
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "([?&;](?:[^=&;#]*(?:password|passwd|pwd|secret|token|key|credential)[^=&;#]*)=)([^&;#]*)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern SECRET_NAME = Pattern.compile(
      ".*(password|passwd|pwd|secret|token|credential).*", Pattern.CASE_INSENSITIVE);

  private Redaction() {
  }

  /** {@code uri} with its user info and secret query parameters hidden; "null" for null. */
  public static String uri(URI uri) {
    return uri == null ? "null" : text(uri.toString());
  }

  /**
   * {@code text} with every URI user info and secret query parameter in it hidden: for a value that
   * may be a URI, or a message that may quote one.
   */
  public static String text(String text) {
    if (text == null) {
      return "null";
    }
    String out = USER_INFO.matcher(text).replaceFirst("$1" + Matcher.quoteReplacement(HIDDEN) + "@");
    // URIs quoted inside a longer text
    out = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s']*@").matcher(out)
        .replaceAll("$1" + Matcher.quoteReplacement(HIDDEN) + "@");
    return SECRET_PARAMETER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(HIDDEN));
  }

  /** The value of setting {@code name} as it may be shown: hidden entirely when the name says it is a secret. */
  public static String setting(String name, String value) {
    if (name != null && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
      return HIDDEN;
    }
    return text(value);
  }
}
