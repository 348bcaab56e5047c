package io.insightflow.connect.jdbc;

import io.insightflow.api.Evolving;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.Source;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceProvider;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A JDBC database as a source: everything that differs between databases (how to connect, quote,
 * map types, split a table and read it fastest), over one shared {@link JdbcSource}. A dialect is
 * a {@link SourceProvider}: register it in {@code META-INF/services/io.insightflow.spi.SourceProvider}
 * and URLs it {@link #accepts} are read with it. Every hook has a portable default, so a new
 * database usually overrides {@link #name}, {@link #accepts}, and perhaps {@link #quote},
 * {@link #configure} and {@link #columns}.
 *
 * <p>Implementations are stateless and thread-safe, with a public no-argument constructor.
 */
@Evolving
public interface SqlDialect extends SourceProvider {

  /** Short name recorded in manifests ({@code duckdb}, {@code postgresql}, {@code snowflake}, {@code jdbc}). */
  @Override
  String name();

  /** Whether this dialect handles the JDBC URL. */
  @Override
  boolean accepts(String url);

  /**
   * The Maven coordinates of the JDBC driver, named in the error when no driver on the class path
   * accepts a URL this dialect handles; empty when the driver is always present.
   */
  default Optional<String> driverCoordinates() {
    return Optional.empty();
  }

  @Override
  default Source open(SourceConfig config) {
    return JdbcSource.open(config, this);
  }

  /**
   * The identifier as this database needs it in SQL; the identifier is already validated. By default
   * double quotes ({@link Identifiers#quote(String)}); MySQL would use {@code Identifiers.quote(name, '`')}.
   */
  default String quote(String identifier) {
    return Identifiers.quote(identifier);
  }

  /** The table reference for SQL. */
  default String qualified(TableName table) {
    return table.schema() == null ? quote(table.name()) : quote(table.schema()) + "." + quote(table.name());
  }

  /** Driver properties for a connection, including credentials. */
  default Properties connectionProperties(SourceConfig config) {
    Properties props = new Properties();
    config.userName().ifPresent(u -> props.setProperty("user", u));
    config.passwordSupplier().ifPresent(p -> props.setProperty("password", p.get()));
    return props;
  }

  /** Prepares a statement whose rows stream through the driver: by default, the fetch size. */
  default void configure(Statement statement, int fetchSize) throws SQLException {
    statement.setFetchSize(fetchSize);
  }

  /** The manifest schema of a result: portable types spelt as PostgreSQL spells them. */
  default List<RunManifest.Column> columns(ResultSetMetaData meta) throws SQLException {
    return ColumnTypes.columns(meta);
  }

  /**
   * The table's primary key columns in key order, as the database spells them, or empty when it has
   * none; runs in the source's current transaction. By default JDBC metadata
   * ({@code DatabaseMetaData.getPrimaryKeys}, ordered by {@code KEY_SEQ}), which most drivers answer;
   * the DuckDB and PostgreSQL dialects read their catalogs instead, so the lookup is confined to the
   * table the queries read, and Snowflake's runs {@code SHOW PRIMARY KEYS}. [#21]
   */
  default List<String> primaryKey(JdbcSource source, TableName table) throws SQLException {
    return JdbcSource.metadataPrimaryKey(source.connection(), table);
  }

  /**
   * Splits a table into chunks. By default one chunk, read by one ordered query
   * ({@link JdbcSource#orderedSelect}); it is repeatable when the table has a primary key to order by.
   */
  default List<Chunk> plan(JdbcSource source, TableName table, int batchSize) throws SQLException {
    return List.of(new Chunk(table, 0, batchSize, "all", !source.keyColumns(table).isEmpty()));
  }

  /**
   * Opens a reader of one chunk. By default the portable path: the ordered query streams through
   * the driver and fastcsv writes the batches.
   */
  default JdbcChunkReader reader(JdbcSource source, Chunk chunk, Position from, Staging staging)
      throws SQLException {
    return new ResultSetReader(source, chunk, from, staging);
  }

  /**
   * How many connections read one table at once when {@code insightflow.ingest.readers} is not set.
   * 1, the default, means the database cannot give several connections one snapshot: the setting
   * is then ignored and the table is read on one connection. A dialect returning more implements
   * {@link #exportSnapshot} and {@link #importSnapshot}, and plans chunks that are cheap to read
   * apart. [#13]
   */
  default int readers() {
    return 1;
  }

  /**
   * Begins a transaction on {@code connection} (autocommit off, no transaction open) whose snapshot
   * other connections can read in, and returns its id; the transaction stays open until the source
   * commits it. Only called when {@link #readers()} is above 1.
   */
  default String exportSnapshot(java.sql.Connection connection) throws SQLException {
    throw new java.sql.SQLFeatureNotSupportedException(name() + " cannot share a snapshot");
  }

  /**
   * Begins a transaction on {@code connection} (autocommit off, no transaction open) that reads the
   * exported snapshot {@code id}; the caller's next statements run in it.
   */
  default void importSnapshot(java.sql.Connection connection, String id) throws SQLException {
    throw new java.sql.SQLFeatureNotSupportedException(name() + " cannot share a snapshot");
  }

  /** The statements reading these chunks would run, for dry runs; executes nothing. */
  default List<String> statements(JdbcSource source, List<Chunk> chunks) throws SQLException {
    return chunks.isEmpty() ? List.of() : List.of(source.orderedSelect(chunks.get(0).table()));
  }
}
