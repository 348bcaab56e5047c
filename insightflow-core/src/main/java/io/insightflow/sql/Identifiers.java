package io.insightflow.sql;

import io.insightflow.InsightflowConfigException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation and quoting of SQL identifiers (schema, table and column names) that come from
 * configuration or file names.
 *
 * <p>A valid identifier matches {@code [A-Za-z_][A-Za-z0-9_]*} and has at most {@value #MAX_LENGTH}
 * characters, the longest name PostgreSQL keeps without truncating. Callers validate names they
 * derive from user input and then always {@link #quote quote} them, so reserved words and mixed
 * case stay safe:
 *
 * <pre>{@code
 * String table = Identifiers.quote(Identifiers.validate("insightflow.tables", name));
 * }</pre>
 */
public final class Identifiers {

  /** Longest accepted identifier (PostgreSQL's NAMEDATALEN - 1). */
  public static final int MAX_LENGTH = 63;

  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Identifiers() {}

  /**
   * Whether {@code name} is a valid identifier.
   *
   * @param name candidate, may be null (then false)
   * @return true when the name matches the pattern and length limit
   */
  public static boolean isValid(String name) {
    return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
  }

  /**
   * Returns {@code name} when it is a valid identifier.
   *
   * @param kind the configuration key or kind of name, used as the exception's key (for example
   *     {@code insightflow.target.schema})
   * @param name the name to check
   * @return {@code name}, unchanged
   * @throws InsightflowConfigException when the name is null, empty, too long or has other characters
   */
  public static String validate(String kind, String name) {
    Objects.requireNonNull(kind, "kind");
    if (!isValid(name)) {
      throw new InsightflowConfigException(kind, "'" + name + "' is not a valid identifier: use letters,"
          + " digits and '_', start with a letter or '_', at most " + MAX_LENGTH + " characters");
    }
    return name;
  }

  /**
   * Quotes {@code name} with double quotes, doubling embedded double quotes, as standard SQL,
   * PostgreSQL and DuckDB expect. The result is safe to splice into SQL even for unvalidated names.
   *
   * @param name the identifier, not null
   * @return the quoted identifier, for example {@code "order"}
   */
  public static String quote(String name) {
    Objects.requireNonNull(name, "name");
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
