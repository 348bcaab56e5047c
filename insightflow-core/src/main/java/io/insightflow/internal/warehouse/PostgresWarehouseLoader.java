package io.insightflow.internal.warehouse;

import io.insightflow.api.InsightflowException;
import io.insightflow.generate.InstacartTable;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads CSV files into PostgreSQL used as a JDBC warehouse: for each file, in one transaction, drop
 * the table named after it, create it with column types and stream the file with
 * {@code COPY "schema"."t" FROM STDIN (FORMAT csv, HEADER true)}.
 *
 * <p>The six Instacart tables get {@code integer}, {@code double precision} and {@code text} columns
 * when the file's header is exactly the Instacart header; any other file gets one {@code text}
 * column per header field. The schema is created when missing. Schema and table names are validated
 * and quoted; header fields are quoted.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
 *   Map<String, Long> rows = new PostgresWarehouseLoader(c, "warehouse").loadDirectory(dir);
 * }
 * }</pre>
 *
 * <p>Not thread-safe (it uses one connection). The caller owns and closes the connection; its
 * auto-commit setting is restored after each table.
 */
public final class PostgresWarehouseLoader implements WarehouseLoader {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresWarehouseLoader.class);
  private static final String SCHEMA_KEY = io.insightflow.config.InsightflowProperties.LOAD_SCHEMA.name();

  private final Connection connection;
  private final String schema;

  /**
   * @param connection an open pgjdbc connection (or a pool wrapper that unwraps to
   *     {@link PGConnection}); not closed by this loader
   * @param schema target schema, such as {@code public}; validated, created when missing
   * @throws io.insightflow.api.InsightflowConfigException when the schema name is not valid
   */
  public PostgresWarehouseLoader(Connection connection, String schema) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.schema = Identifiers.validate(SCHEMA_KEY, schema);
  }

  /**
   * Replaces one table with the content of one CSV file, in one transaction.
   *
   * @param table the table name; validated
   * @param file the CSV file, UTF-8 with a header line
   * @return rows copied
   * @throws io.insightflow.api.InsightflowConfigException when the table name is not valid
   * @throws InsightflowException when reading the file or the load fails; nothing is changed then
   */
  @Override
  public long loadTable(String table, Path file) {
    Objects.requireNonNull(file, "file");
    Identifiers.validate(CsvFiles.TABLE_KEY, table);
    long start = System.nanoTime();
    List<String> header = CsvFiles.header(file);
    Optional<InstacartTable> typed = CsvFiles.instacart(table, header);
    String columns = typed.map(PostgresWarehouseLoader::typedColumns)
        .orElseGet(() -> textColumns(file, header));
    String qualified = Identifiers.quote(schema) + "." + Identifiers.quote(table);
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement();
          Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
        st.execute("DROP TABLE IF EXISTS " + qualified);
        st.execute("CREATE TABLE " + qualified + " (" + columns + ")");
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long rows = copy.copyIn("COPY " + qualified + " FROM STDIN (FORMAT csv, HEADER true)", reader);
        connection.commit();
        LOG.info("warehouse=postgres table={}.{} rows={} typed={} ms={}", schema, table, rows,
            typed.isPresent(), (System.nanoTime() - start) / 1_000_000);
        return rows;
      } catch (SQLException | IOException | RuntimeException e) {
        rollback(e);
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException | IOException e) {
      throw new InsightflowException("Loading " + file + " into PostgreSQL table " + schema + "."
          + table + " failed: " + e.getMessage(), e);
    }
  }

  private void rollback(Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static String typedColumns(InstacartTable table) {
    return table.columns().stream()
        .map(c -> Identifiers.quote(c.name()) + " " + postgresType(c.type()))
        .collect(Collectors.joining(", "));
  }

  private static String textColumns(Path file, List<String> header) {
    if (header.isEmpty()) {
      throw new InsightflowException("The CSV file " + file + " has no header line; the loader names"
          + " the columns after it");
    }
    return header.stream().map(h -> Identifiers.quote(h) + " text").collect(Collectors.joining(", "));
  }

  private static String postgresType(InstacartTable.ColumnType type) {
    return switch (type) {
      case INTEGER -> "integer";
      case DOUBLE -> "double precision";
      case VARCHAR -> "text";
    };
  }
}
