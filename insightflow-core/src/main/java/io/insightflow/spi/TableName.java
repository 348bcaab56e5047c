package io.insightflow.spi;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated warehouse table name, optionally schema-qualified ({@code sales.orders}). Validation
 * admits only plain identifiers, so a name from configuration can never carry SQL.
 *
 * @param schema the schema, or null for the connection's default
 * @param name the table name; also the table's name in the lake
 */
public record TableName(String schema, String name) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  public TableName {
    Objects.requireNonNull(name, "name");
    check(name);
    if (schema != null) {
      check(schema);
    }
  }

  /**
   * Parses {@code table} or {@code schema.table}.
   *
   * @throws InsightflowConfigException naming {@code insightflow.tables} if it is not a plain identifier
   */
  public static TableName parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim();
    int dot = trimmed.indexOf('.');
    return dot < 0 ? new TableName(null, trimmed)
        : new TableName(trimmed.substring(0, dot), trimmed.substring(dot + 1));
  }

  private static void check(String identifier) {
    if (!IDENTIFIER.matcher(identifier).matches()) {
      throw new InsightflowConfigException(InsightflowProperties.TABLES.name(), "'" + identifier
          + "' is not a valid table name: use letters, digits and _ (at most 63, not starting with a digit)");
    }
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
