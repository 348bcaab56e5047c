package io.insightflow.spi;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import io.insightflow.api.Stable;
import io.insightflow.sql.Identifiers;
import io.insightflow.config.InsightflowProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated table name, optionally schema-qualified ({@code sales.orders}). Any name PostgreSQL can
 * hold is valid ({@link Identifiers}); it is always quoted when used, so a name from configuration can
 * never carry SQL. In configuration a part holding a dot or a quote is written in double quotes, as
 * in SQL: {@code "Order.Lines"}, {@code sales."a""b"}. [#22]
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
    List<String> parts = new ArrayList<>();
    String trimmed = text.trim();
    int i = 0;
    while (true) {
      StringBuilder part = new StringBuilder();
      if (i < trimmed.length() && trimmed.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= trimmed.length()) {
            throw malformed(text, "a quote that never closes");
          }
          char c = trimmed.charAt(i++);
          if (c == '"' && (i == trimmed.length() || trimmed.charAt(i) != '"')) {
            break;
          }
          i += c == '"' ? 1 : 0; // "" is one quote
          part.append(c);
        }
      } else {
        while (i < trimmed.length() && trimmed.charAt(i) != '.' && trimmed.charAt(i) != '"') {
          part.append(trimmed.charAt(i++));
        }
      }
      parts.add(part.toString());
      if (i == trimmed.length()) {
        break;
      }
      if (trimmed.charAt(i) != '.' || parts.size() == 2) {
        throw malformed(text, parts.size() == 2 ? "more than schema.table" : "a quote inside a name");
      }
      i++;
    }
    return parts.size() == 1 ? new TableName(null, parts.get(0)) : new TableName(parts.get(0), parts.get(1));
  }

  private static InsightflowConfigException malformed(String text, String problem) {
    return new InsightflowConfigException(InsightflowProperties.TABLES.name(), "Cannot read table name '"
        + Printable.of(text) + "': " + problem + "; write table or schema.table, a part holding '.' or '\"' in"
        + " double quotes (\"Order.Lines\", with \"\" for a quote)");
  }

  private static void check(String identifier) {
    Identifiers.validate(InsightflowProperties.TABLES.name(), identifier);
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
