package dev.strata.jcache.cache;

import java.util.regex.Pattern;

/**
 * A glob on a key's string form, with Redis's {@code MATCH} syntax: {@code *} any run of
 * characters, {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [^a]} one of (or
 * none of) a set, {@code \} takes the next character literally. Used where Redis cannot match for
 * us (keys that are not strings are stored in binary form).
 */
final class KeyGlob {

  private final Pattern regex;

  private KeyGlob(Pattern regex) {
    this.regex = regex;
  }

  /** Compiles {@code glob}. */
  static KeyGlob of(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '\\' -> {
          if (i < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(i++))));
          } else {
            re.append(Pattern.quote("\\"));
          }
        }
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            re.append(Pattern.quote("["));
            break;
          }
          String set = glob.substring(i, close);
          i = close + 1;
          StringBuilder cls = new StringBuilder("[");
          int j = 0;
          if (set.startsWith("^")) {
            cls.append('^');
            j = 1;
          }
          for (; j < set.length(); j++) {
            char s = set.charAt(j);
            if (s == '-' && j > 0 && j < set.length() - 1) {
              cls.append('-');
            } else if (s == '\\' && j + 1 < set.length()) {
              cls.append('\\').append(set.charAt(++j));
            } else if (Character.isLetterOrDigit(s)) {
              cls.append(s);
            } else {
              cls.append('\\').append(s);
            }
          }
          re.append(cls).append(']');
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new KeyGlob(Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  /** Whether {@code text} matches, whole. */
  boolean matches(String text) {
    return regex.matcher(text).matches();
  }
}
