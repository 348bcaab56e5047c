package io.insightflow.internal.warehouse;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.connect.jdbc.DuckDbDialect;
import io.insightflow.connect.jdbc.JdbcDrivers;
import io.insightflow.generate.InstacartTable;
import io.insightflow.spi.SourceConfig;
import io.insightflow.sql.Identifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads CSV files into an embedded DuckDB warehouse: each file replaces the table named after it
 * ({@code orders.csv} → {@code "orders"}) with
 * {@code CREATE OR REPLACE TABLE "t" AS SELECT * FROM read_csv(?, header = true, ...)}.
 *
 * <p>The six Instacart tables get explicit column types (INTEGER ids, DOUBLE
 * {@code days_since_prior_order}, VARCHAR names) when the file's header is exactly the Instacart
 * header; any other file is read with DuckDB's type auto-detection. File paths are bound as
 * parameters (paths with the glob characters {@code * ? [} are rejected, since read_csv would
 * expand them); table names are validated and quoted.
 *
 * <pre>{@code
 * Map<String, Long> rows = DuckDbWarehouseLoader.loadDirectory("jdbc:duckdb:warehouse.duckdb",
 *     Path.of("data/generated"));
 * }</pre>
 *
 * <p>Not thread-safe (it uses one connection). The caller owns and closes the connection.
 */
public final class DuckDbWarehouseLoader implements WarehouseLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouseLoader.class);

  private static final Pattern GLOB = Pattern.compile("[*?\\[]");

  private final Connection connection;

  /**
   * @param connection an open DuckDB connection; not closed by this loader
   */
  public DuckDbWarehouseLoader(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * Opens {@code jdbcUrl}, loads every CSV file of {@code directory} and closes the connection.
   *
   * @param jdbcUrl a DuckDB URL such as {@code jdbc:duckdb:/path/warehouse.duckdb}
   * @param directory the directory of {@code *.csv} files
   * @return rows loaded per table, in file-name order
   * @throws io.insightflow.api.InsightflowConfigException when a file name is not a valid table name
   * @throws InsightflowException when the connection or a load fails
   */
  public static Map<String, Long> loadDirectory(String jdbcUrl, Path directory) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(directory, "directory");
    try (Connection c = connect(jdbcUrl)) {
      return new DuckDbWarehouseLoader(c).loadDirectory(directory);
    } catch (SQLException e) {
      throw new InsightflowException("Cannot open or close the DuckDB warehouse: " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code jdbcUrl} as ingest opens it ({@link DuckDbDialect#connectionProperties}): with the
   * dialect's memory limit unless the URL sets one. DuckDB's buffer pool lives in this process and
   * would otherwise grow with the file (up to 80 % of the machine's memory): loading 130M rows peaked
   * at 702 MB without the limit and 314 MB with it, in the same time. [#24]
   *
   * @throws SQLException when DuckDB cannot open the database
   */
  public static Connection connect(String jdbcUrl) throws SQLException {
    return JdbcDrivers.connect(jdbcUrl, new DuckDbDialect().connectionProperties(SourceConfig.of(jdbcUrl)),
        DuckDbWarehouseLoader.class.getClassLoader());
  }

  /**
   * Creates or replaces one table from one CSV file.
   *
   * @param table the table name; validated
   * @param file the CSV file, with a header line
   * @return rows in the table after the load
   * @throws InsightflowConfigException when the table name is not valid or the path has glob characters
   * @throws InsightflowException when reading the file or the load fails
   */
  @Override
  public long loadTable(String table, Path file) {
    Objects.requireNonNull(file, "file");
    Identifiers.validate(CsvFiles.TABLE_KEY, table);
    String path = file.toAbsolutePath().toString();
    if (GLOB.matcher(path).find()) {
      // read_csv expands glob patterns, and DuckDB has no escape for them.
      throw new InsightflowConfigException(CsvFiles.DIR_KEY, "the path " + path + " contains a DuckDB"
          + " glob character (*, ? or [); move the file to a path without them");
    }
    long start = System.nanoTime();
    Optional<InstacartTable> typed = CsvFiles.instacart(table, CsvFiles.header(file));
    String sql = "CREATE OR REPLACE TABLE " + Identifiers.quote(table) + " AS SELECT * FROM "
        + typed.map(DuckDbWarehouseLoader::typedRead).orElse("read_csv(?, header = true)");
    try {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        ps.setString(1, path);
        ps.execute();
      }
      long rows;
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM " + Identifiers.quote(table))) {
        rs.next();
        rows = rs.getLong(1);
      }
      LOG.info("warehouse=duckdb table={} rows={} typed={} ms={}", table, rows, typed.isPresent(),
          (System.nanoTime() - start) / 1_000_000);
      return rows;
    } catch (SQLException e) {
      throw new InsightflowException("Loading " + file + " into DuckDB table " + table + " failed: "
          + e.getMessage(), e);
    }
  }

  /** read_csv with the table's column types; names and types are constants of InstacartTable. */
  private static String typedRead(InstacartTable table) {
    String columns = table.columns().stream()
        .map(c -> "'" + c.name() + "': '" + duckDbType(c.type()) + "'")
        .collect(Collectors.joining(", ", "{", "}"));
    return "read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false,"
        + " columns = " + columns + ")";
  }

  private static String duckDbType(InstacartTable.ColumnType type) {
    return switch (type) {
      case INTEGER -> "INTEGER";
      case DOUBLE -> "DOUBLE";
      case VARCHAR -> "VARCHAR";
    };
  }
}
