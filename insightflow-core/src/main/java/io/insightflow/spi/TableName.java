package io.insightflow.spi;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Stable;
import io.insightflow.sql.Identifiers;
import io.insightflow.config.InsightflowProperties;
import java.util.Objects;

/**
 * A validated table name, optionally schema-qualified ({@code sales.orders}). Validation
 * ({@link Identifiers}) admits only plain identifiers, so a name from configuration can never carry SQL.
 *
 * @param schema the schema, or null for the connection's default
 * @param name the table name; also the table's name in the lake
 */
@Stable
public record TableName(String schema, String name) {

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
    Identifiers.validate(InsightflowProperties.TABLES.name(), identifier);
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
