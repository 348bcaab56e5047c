package io.insightflow.connect.jdbc;

import java.util.List;
import java.util.Properties;

/**
 * What differs between warehouses: how to connect, how to quote, and how rows leave the warehouse
 * fastest. Implementations are stateless and thread-safe.
 */
public interface SqlDialect {

  /** Short name recorded in manifests ({@code duckdb}, {@code postgresql}, {@code snowflake}, {@code jdbc}). */
  String name();

  /** Whether this dialect handles the JDBC URL. */
  boolean accepts(String url);

  /** The identifier as this warehouse needs it in SQL; the identifier is already validated. */
  default String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The table reference for SQL. */
  default String qualified(TableName table) {
    return table.schema() == null ? quote(table.name()) : quote(table.schema()) + "." + quote(table.name());
  }

  /** Driver properties for a connection, including credentials. */
  default Properties connectionProperties(JdbcSourceOptions options) {
    Properties props = new Properties();
    options.user().ifPresent(u -> props.setProperty("user", u));
    options.password().ifPresent(p -> props.setProperty("password", p.get()));
    return props;
  }

  /**
   * The statements an export of {@code rows} rows would run, for dry runs ({@code plan}); executes
   * nothing. Part files are shown as {@code <table>_partNNNNN.csv}.
   */
  default List<String> exportStatements(TableExporter.ExportRequest request, long rows) {
    return List.of(request.query());
  }

  /** How this warehouse exports a table into CSV parts. */
  default TableExporter exporter() {
    return new ResultSetExporter();
  }
}
