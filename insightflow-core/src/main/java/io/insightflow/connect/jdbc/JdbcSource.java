package io.insightflow.connect.jdbc;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.Secrets;
import io.insightflow.SourceException;
import io.insightflow.connect.snowflake.SnowflakeDialect;
import io.insightflow.layout.RunManifest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A warehouse reached over JDBC: DuckDB, PostgreSQL, Snowflake or any database with a driver on the
 * class path. Owns one connection; not thread-safe; the caller closes it.
 */
public final class JdbcSource implements AutoCloseable {

  private static final List<SqlDialect> DIALECTS =
      List.of(new DuckDbDialect(), new PostgresDialect(), new SnowflakeDialect(), new GenericDialect());

  private final JdbcSourceOptions options;
  private final SqlDialect dialect;
  private final Connection connection;

  private JdbcSource(JdbcSourceOptions options, SqlDialect dialect, Connection connection) {
    this.options = options;
    this.dialect = dialect;
    this.connection = connection;
  }

  /**
   * Connects, failing fast with a message that names the setting to fix.
   *
   * @throws InsightflowConfigException (key {@code insightflow.source.url}) when no driver accepts
   *     the URL or the connection is refused
   */
  public static JdbcSource open(JdbcSourceOptions options) {
    Objects.requireNonNull(options, "options");
    SqlDialect dialect = dialectFor(options.url());
    String key = InsightflowProperties.SOURCE_URL.name();
    try {
      Connection connection = DriverManager.getConnection(options.url(), dialect.connectionProperties(options));
      connection.setAutoCommit(false); // lets PostgreSQL and others stream with a cursor
      return new JdbcSource(options, dialect, connection);
    } catch (SQLException e) {
      if ("08001".equals(e.getSQLState()) && String.valueOf(e.getMessage()).startsWith("No suitable driver")) {
        throw new InsightflowConfigException(key, "No JDBC driver on the class path accepts '"
            + options.maskedUrl() + "'; check the URL or add the driver (DuckDB, PostgreSQL and Snowflake are supported)",
            Secrets.scrub(e));
      }
      throw new InsightflowConfigException(key, "Cannot connect to " + options.maskedUrl() + ": "
          + Secrets.mask(e.getMessage()) + "; check insightflow.source.url, .user and .password", Secrets.scrub(e));
    }
  }

  /** The dialect that handles a URL. */
  public static SqlDialect dialectFor(String url) {
    return DIALECTS.stream().filter(d -> d.accepts(url)).findFirst().orElseThrow();
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /** {@code SELECT * FROM <table>} in this dialect. */
  public String selectAll(TableName table) {
    return "SELECT * FROM " + dialect.qualified(table);
  }

  /**
   * The table's columns, read without fetching rows.
   *
   * @throws SourceException if the table does not exist or cannot be read
   */
  public List<RunManifest.Column> describe(TableName table) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + dialect.qualified(table) + " WHERE 1 = 0")) {
      return ColumnTypes.columns(rs.getMetaData());
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Cannot read table from " + options.maskedUrl()
          + ": " + e.getMessage() + "; check insightflow.tables", e);
    }
  }

  /**
   * The table's row count ({@code SELECT count(*)}), for dry runs.
   *
   * @throws SourceException if the table cannot be read
   */
  public long count(TableName table) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + dialect.qualified(table))) {
      rs.next();
      long rows = rs.getLong(1);
      connection.commit();
      return rows;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Cannot count rows in " + options.maskedUrl()
          + ": " + e.getMessage() + "; check insightflow.tables", e);
    }
  }

  /** The statements {@link #export} would run for a table of {@code rows} rows; runs nothing. */
  public List<String> exportStatements(TableName table, long rows, int batchSize) {
    return dialect.exportStatements(
        new TableExporter.ExportRequest(table, selectAll(table), batchSize, options.fetchSize()), rows);
  }

  /**
   * Exports the whole table into CSV parts of at most {@code batchSize} rows.
   *
   * @return rows exported
   */
  public long export(TableName table, int batchSize, PartSink sink) {
    TableExporter.ExportRequest request =
        new TableExporter.ExportRequest(table, selectAll(table), batchSize, options.fetchSize());
    try {
      long rows = dialect.exporter().export(connection, request, sink);
      connection.commit();
      return rows;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Export failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing cannot lose data here: every export has committed or failed already.
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The original failure is what the caller needs to see.
    }
  }
}
