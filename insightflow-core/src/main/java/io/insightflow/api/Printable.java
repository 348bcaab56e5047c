package io.insightflow.api;

/**
 * Text from data made safe for one log line or message: object keys, table and field names, values
 * and driver messages that echo them. Control characters (C0, DEL, C1), Unicode line and paragraph
 * separators, bidirectional overrides and lone surrogates are shown as escapes ({@code \n},
 * {@code \u202e}), so no text from the lake can start a new line or forge another one (a key holding
 * {@code "\n[INFO] BUILD SUCCESS"} prints on the line it belongs to). Thread-safe and stateless.
 *
 * <pre>{@code
 * LOG.warn("Skipping {}", Printable.of(key));
 * }</pre>
 */
@Stable
public final class Printable {

  /** Code points of one value shown by {@link #of}; the rest is cut with {@code …}. */
  public static final int MAX_CODE_POINTS = 300;

  private Printable() {}

  /** {@link #escape} of at most {@value #MAX_CODE_POINTS} code points of {@code text}; {@code null} shows as null. */
  public static String of(Object text) {
    String s = String.valueOf(text);
    int cut = s.codePointCount(0, s.length()) > MAX_CODE_POINTS ? s.offsetByCodePoints(0, MAX_CODE_POINTS) : -1;
    return cut < 0 ? escape(s) : escape(s.substring(0, cut)) + "…";
  }

  /** {@code text} with every character that could break or forge a line escaped; null stays null. */
  public static String escape(String text) {
    if (text == null || clean(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (unsafe(text, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean clean(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text, i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the char at {@code i} is a control, separator, bidi override or lone surrogate. */
  private static boolean unsafe(String text, int i) {
    char c = text.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }
}
