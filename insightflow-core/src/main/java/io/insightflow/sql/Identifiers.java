package io.insightflow.sql;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The one validation and quoting of SQL identifiers (schemas, tables, columns) that come from
 * configuration, file names or lake manifests, shared by every dialect and by sync.
 *
 * <p>A valid identifier is any name PostgreSQL can hold: valid UTF-8 (no unpaired surrogate), no NUL or
 * other control character (nor a line separator or bidi override, so a name prints safely), 1 to {@value #MAX_LENGTH} bytes, the longest name PostgreSQL keeps without
 * truncating (a longer one could silently merge two names: it fails, naming the name and the limit).
 * Spaces, quotes, semicolons, accents and capitals are data: callers validate names they take from
 * input and then always {@link #quote quote} them, so no name can ever become SQL. [#22]
 *
 * <pre>{@code
 * String table = Identifiers.quote(Identifiers.validate("insightflow.tables", name));
 * String mysql = Identifiers.quote(name, '`');
 * }</pre>
 */
@Evolving
public final class Identifiers {

  /** Longest accepted identifier in bytes (PostgreSQL's NAMEDATALEN - 1). */
  public static final int MAX_LENGTH = 63;

  private Identifiers() {}

  /** Whether {@code name} is a valid identifier; null is not. */
  public static boolean isValid(String name) {
    return problem(name).isEmpty();
  }

  /** What makes {@code name} invalid ("it has 64 bytes…"), or empty when it is valid. */
  public static Optional<String> problem(String name) {
    return Optional.ofNullable(why(name));
  }

  private static String why(String name) {
    if (name == null || name.isEmpty()) {
      return "an identifier is not empty";
    }
    // No character that could break or forge a log line (Printable's rule), so a valid name is always safe to print.
    if (!Printable.escape(name).equals(name)) {
      return "an identifier is valid UTF-8 and holds no control character, line separator or bidi override"
          + " (found one: " + Printable.escape(name) + ")";
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_LENGTH) {
      return "it has " + bytes + " bytes in UTF-8 and PostgreSQL holds at most " + MAX_LENGTH
          + " (it would truncate the name, so it is refused, never shortened)";
    }
    return null;
  }

  /**
   * Returns {@code name} when it is a valid identifier.
   *
   * @param key the configuration key (or the context, such as {@code lake manifest}) named in the error
   * @throws InsightflowConfigException naming {@code key} when the name is not valid; the message shows
   *     the name escaped, never runs it
   */
  public static String validate(String key, String name) {
    Objects.requireNonNull(key, "key");
    String problem = why(name);
    if (problem != null) {
      throw new InsightflowConfigException(key, "Invalid identifier " + printable(name) + ": " + problem);
    }
    return name;
  }

  /**
   * Quotes {@code name} with double quotes, doubling embedded ones, as standard SQL, PostgreSQL,
   * DuckDB and Snowflake expect. Safe to splice into SQL even for names not validated.
   */
  public static String quote(String name) {
    return quote(name, '"');
  }

  /** Quotes {@code name} with {@code quote} (a backtick for MySQL), doubling embedded ones. */
  public static String quote(String name, char quote) {
    Objects.requireNonNull(name, "name");
    String q = String.valueOf(quote);
    return q + name.replace(q, q + q) + q;
  }

  /** {@link #validate} then {@link #quote}. */
  public static String quoteValid(String key, String name) {
    return quote(validate(key, name));
  }

  /** {@code "schema"."table"}, both validated. */
  public static String qualified(String key, String schema, String table) {
    return quoteValid(key, schema) + '.' + quoteValid(key, table);
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
