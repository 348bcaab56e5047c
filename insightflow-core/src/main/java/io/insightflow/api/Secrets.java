package io.insightflow.api;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking routine for text that may carry credentials: JDBC URLs in every form, connection
 * strings, and driver messages that echo them. Every message, log line and {@code toString()} that
 * shows a URL or text from a driver goes through {@link #mask}; exceptions whose chain carries such
 * text go through {@link #scrub} before they leave a connector.
 *
 * <p>A secret is masked as far as the driver that reads it would take it, never less: masking too
 * much costs a little context, masking too little leaks. Masked forms, value replaced by {@value #MASK}:
 * <ul>
 *   <li>URL query parameters named like a secret ({@code password}, {@code passwd}, {@code pwd},
 *       {@code secret}, {@code token} or {@code passcode} in the name): after {@code ?} or {@code &}
 *       the value runs to the next {@code &} or the end of the line, as pgjdbc and Snowflake split
 *       only at {@code &} ({@code ?password=Xy7,Qp9} is the password {@code Xy7,Qp9});</li>
 *   <li>after {@code ;} (SQL Server, DuckDB-style), to the next {@code ;} unless braced, as SQL
 *       Server reads a braced value (a doubled closing brace stands for one);</li>
 *   <li>URL user info {@code //user:secret@host}: up to the last {@code @} of the line that is
 *       followed by a host, whatever the secret holds ({@code /}, space, {@code @}, {@code :}…);
 *       bare {@code user:secret@host} as drivers echo it; Oracle's {@code jdbc:oracle:thin:user/secret@host};</li>
 *   <li>the same names as JSON fields, and as {@code name=value} after a space, comma or bracket
 *       (the value then ends at the next such separator, or is quoted or braced).</li>
 * </ul>
 * No secret spans lines. Thread-safe and stateless.
 */
@Stable
public final class Secrets {

  /** What a secret is replaced with. */
  public static final String MASK = "****";

  private static final String SECRET_NAME = "[\\w.-]*(?:password|passwd|pwd|secret|token|passcode)[\\w.-]*";
  /** {@code ?name=value} or {@code &name=value}: to the next {@code &}. */
  private static final Pattern QUERY_PARAMETER = Pattern.compile("(?i)[?&]" + SECRET_NAME + "=(?<secret>[^&\\n\\r]*)");
  /** {@code ;name=value}: to the next {@code ;}, or braced (a doubled closing brace is one inside). */
  private static final Pattern SEMICOLON_PARAMETER = Pattern.compile("(?i);" + SECRET_NAME
      + "\\s*=(?<secret>(?:\\{(?:}}|[^}\\n\\r])*}?)?[^;\\n\\r]*)");
  /**
   * {@code name=value} in prose and {@code toString()}s: the value runs to the next separator (a
   * colon or full stop right before it is taken for the sentence's), or is braced or quoted. The
   * values {@code none}, {@code null} and the mask itself are no secrets ({@code toString()}s show them).
   */
  private static final Pattern LOOSE_PARAMETER = Pattern.compile("(?i)(?:^|[,\\s({\\[])" + SECRET_NAME
      + "\\s*=\\s*(?!(?:none|null|\\*{4})(?:[&;,\\s)}\\]]|$))(?<secret>\\{[^}]*}|\"[^\"]*\"|'[^']*'"
      + "|[^&;,\\s)}\\]\"']*?(?=[:.]?(?:[&;,\\s)}\\]\"']|$)))");
  /** {@code "password": "value"} in JSON, escapes included. */
  private static final Pattern JSON_FIELD = Pattern.compile("(?i)\"" + SECRET_NAME
      + "\"\\s*:\\s*\"(?<secret>(?:\\\\.|[^\"\\\\\\n\\r])*)");
  /**
   * {@code //user:secret@host}: the secret runs to the last {@code @} of the line that a host
   * follows (then {@code /}, {@code ?}, {@code #}, a separator or the end), so a password may hold
   * any character, {@code @} and {@code /} included. At most 4096 characters are looked at after each
   * {@code //}, so a long line of data full of URLs costs linear time.
   */
  private static final Pattern URL_USER_INFO = Pattern.compile("(?<=//)[^\\s/:@'\"]*:(?<secret>[^\\n\\r]{0,4096})@"
      + "[\\w.\\-\\[\\]:%]+(?=[/?#;,\\s)\\]}'\"<>]|$)");
  /** {@code user:secret@host} at the start of a word, as drivers echo a host they cannot resolve. */
  private static final Pattern BARE_USER_INFO = Pattern.compile("(?<=^|[\\s'\"(\\[{=,;<])[^\\s/:@'\"]*:(?<secret>[^\\s/]*)@");
  /** Oracle's {@code jdbc:oracle:thin:user/secret@host}: to the last {@code @} of the line. */
  private static final Pattern ORACLE = Pattern.compile("(?i)jdbc:oracle:(?:thin|oci8?):[^/\\s@]*/(?<secret>[^\\n\\r]*)@");

  private static final List<Pattern> FORMS = List.of(QUERY_PARAMETER, SEMICOLON_PARAMETER, LOOSE_PARAMETER,
      JSON_FIELD, URL_USER_INFO, BARE_USER_INFO, ORACLE);

  private Secrets() {}

  /**
   * The text with every credential it carries replaced by {@value #MASK}; null stays null. Each
   * form is found in the original text and overlapping finds merge, so no form can hide a secret
   * from another (a {@code ?} inside a user-info password, say).
   */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    boolean[] secret = new boolean[text.length()];
    boolean found = false;
    for (Pattern form : FORMS) {
      Matcher m = form.matcher(text);
      while (m.find()) {
        for (int i = m.start("secret"); i < m.end("secret"); i++) {
          secret[i] = true;
          found = true;
        }
      }
    }
    if (!found) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!secret[i]) {
        out.append(text.charAt(i));
      } else if (i == 0 || !secret[i - 1]) {
        out.append(MASK);
      }
    }
    return out.toString();
  }

  /**
   * An exception safe to attach as a cause: {@code error} itself when no message in its chain holds
   * a credential, otherwise a copy of the chain whose messages are masked. The copy keeps each
   * original class name (in the message) and stack trace, so nothing but the secret is lost.
   */
  public static Throwable scrub(Throwable error) {
    if (error == null || !carriesSecret(error)) {
      return error;
    }
    Throwable cause = error.getCause() == error ? null : scrub(error.getCause());
    Masked copy = new Masked(error.getClass(), error.getClass().getName() + (error.getMessage() == null ? ""
        : ": " + mask(error.getMessage())), cause);
    copy.setStackTrace(error.getStackTrace());
    return copy;
  }

  /**
   * Whether {@code error} or a cause in its chain is a {@code type}, also where {@link #scrub} put a
   * masked copy in its place.
   */
  public static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t) || (t instanceof Masked m && type.isAssignableFrom(m.original))) {
        return true;
      }
    }
    return false;
  }

  private static boolean carriesSecret(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.equals(mask(message))) {
        return true;
      }
    }
    return false;
  }

  /** A masked stand-in for an exception of another type; prints as the original would, secret masked. */
  private static final class Masked extends InsightflowException {
    private final Class<?> original;

    Masked(Class<?> original, String message, Throwable cause) {
      super(message, cause);
      this.original = original;
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
