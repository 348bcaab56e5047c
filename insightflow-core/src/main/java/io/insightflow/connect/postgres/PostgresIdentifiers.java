package io.insightflow.connect.postgres;

import io.insightflow.InsightflowConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation and quoting of PostgreSQL identifiers (schemas, tables, columns). Names come from
 * configuration and from lake manifests, so they are untrusted: only names matching
 * {@code [A-Za-z_][A-Za-z0-9_$]*} of at most 63 bytes are accepted, and they are always
 * double-quoted, so a hostile name can never become SQL.
 */
public final class PostgresIdentifiers {

  /** PostgreSQL truncates longer names (NAMEDATALEN - 1), which could silently merge two names. */
  public static final int MAX_BYTES = 63;

  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  private PostgresIdentifiers() {}

  /**
   * Checks an identifier.
   *
   * @param key the configuration key (or context such as {@code lake manifest}) named in the error
   * @return the name
   * @throws InsightflowConfigException if the name is not acceptable; the message shows the name
   *     escaped, never executes it
   */
  public static String check(String key, String name) {
    Objects.requireNonNull(key, "key");
    if (name == null || !VALID.matcher(name).matches()
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new InsightflowConfigException(key, "Invalid identifier " + printable(name)
          + ": use letters, digits, '_' or '$' (not first), at most " + MAX_BYTES + " bytes");
    }
    return name;
  }

  /** Whether {@link #check} would accept the name. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches()
        && name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  /** The checked name in double quotes, ready for SQL. */
  public static String quote(String key, String name) {
    return '"' + check(key, name) + '"';
  }

  /** {@code "schema"."table"}, both checked. */
  public static String qualified(String key, String schema, String table) {
    return quote(key, schema) + '.' + quote(key, table);
  }

  private static String printable(String name) {
    if (name == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    name.codePoints().limit(80).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append(name.length() > 80 ? "…'" : "'").toString();
  }
}
