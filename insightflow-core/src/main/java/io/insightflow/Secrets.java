package io.insightflow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking routine for text that may carry credentials: JDBC URLs in every form, connection
 * strings, and driver messages that echo them. Every message, log line and {@code toString()} that
 * shows a URL or text from a driver goes through {@link #mask}; exceptions whose chain carries such
 * text go through {@link #scrub} before they leave a connector.
 *
 * <p>Masked forms, value replaced by {@value #MASK}:
 * <ul>
 *   <li>user info: {@code jdbc:postgresql://user:secret@host/db}, also bare in driver messages
 *       ({@code Unknown host user:secret@host}), and Oracle's {@code jdbc:oracle:thin:user/secret@host};</li>
 *   <li>parameters whose name contains {@code password}, {@code passwd}, {@code pwd}, {@code secret},
 *       {@code token} or {@code passcode}, after {@code ?}, {@code &}, {@code ;}, a space or a comma
 *       ({@code ?password=}, {@code ;password=}, {@code &sslpassword=}, Snowflake's
 *       {@code private_key_file_pwd=}, SQL Server's braced {@code password={a;b}}), and the same names
 *       as JSON fields.</li>
 * </ul>
 * Thread-safe and stateless.
 */
public final class Secrets {

  /** What a secret is replaced with. */
  public static final String MASK = "****";

  private static final String SECRET_NAME = "[\\w.-]*(?:password|passwd|pwd|secret|token|passcode)[\\w.-]*";
  /**
   * {@code name=value}: the value runs to the next separator (a colon or full stop right before it
   * is taken for the sentence's), or is braced or quoted. The values
   * {@code none}, {@code null} and the mask itself are no secrets ({@code toString()}s show them).
   */
  private static final Pattern PARAMETER = Pattern.compile("(?i)((?:^|[?&;,\\s({\\[])" + SECRET_NAME
      + "\\s*=\\s*)(?!(?:none|null|\\*{4})(?:[&;,\\s)}\\]]|$))(\\{[^}]*}|\"[^\"]*\"|'[^']*'|[^&;,\\s)}\\]\"']*?(?=[:.]?(?:[&;,\\s)}\\]\"']|$)))");
  /** {@code "password": "value"} in JSON. */
  private static final Pattern JSON_FIELD = Pattern.compile("(?i)(\"" + SECRET_NAME + "\"\\s*:\\s*)\"[^\"]*\"");
  /**
   * {@code user:secret@} after {@code //}, or at the start of a word as drivers echo it. The secret
   * runs to the last {@code @} before the host (a raw {@code @} in a password is common) and holds
   * no {@code /} or white space, as no URL's user info can.
   */
  private static final Pattern USER_INFO = Pattern.compile("(?:(?<=//)|(?<=^|[\\s'\"(\\[{=,;<]))([^\\s/:@'\"]*):[^\\s/]*@");
  /** Oracle's {@code jdbc:oracle:thin:user/secret@host}. */
  private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:(?:thin|oci8?):[^/\\s@]*/)[^\\s@]*@");

  private Secrets() {}

  /** The text with every credential it carries replaced by {@value #MASK}; null stays null. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = PARAMETER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    out = JSON_FIELD.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
    out = ORACLE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
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
