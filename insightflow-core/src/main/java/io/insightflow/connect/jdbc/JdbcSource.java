package io.insightflow.connect.jdbc;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.Secrets;
import io.insightflow.api.SourceException;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Source;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceReader;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A database reached over JDBC, read the way its {@link SqlDialect} says. Owns one connection with
 * autocommit off (so PostgreSQL and others stream with a cursor); used by one thread; the caller
 * closes it.
 *
 * <p>Where the dialect can share a snapshot ({@link SqlDialect#readers()} above 1), {@link #fork()}
 * opens further connections: the first fork makes this source export a snapshot in a transaction
 * that stays open until the last fork is closed, and every chunk a fork reads is a transaction of
 * its own in that snapshot. [#13]
 */
@Evolving
public final class JdbcSource implements Source {

  private final SourceConfig config;
  private final SqlDialect dialect;
  private final Connection connection;
  private final int fetchSize;
  private final int readers;
  /** The source this one is a fork of, or null. */
  private final JdbcSource parent;
  /**
   * In a fork, the snapshot its chunks read in; in the parent, the snapshot it exported while
   * forks are open (its transaction must then not end), else null.
   */
  private volatile String snapshot;
  private int openForks;
  private boolean closed;

  private JdbcSource(SourceConfig config, SqlDialect dialect, Connection connection, int fetchSize, int readers,
      JdbcSource parent, String snapshot) {
    this.config = config;
    this.dialect = dialect;
    this.connection = connection;
    this.fetchSize = fetchSize;
    this.readers = readers;
    this.parent = parent;
    this.snapshot = snapshot;
  }

  /**
   * Connects, failing fast with a message that names the setting to fix.
   *
   * @throws InsightflowConfigException (key {@code insightflow.source.url}) when no driver accepts
   *     the URL (naming the Maven coordinates of the dialect's driver) or the connection is refused
   */
  public static JdbcSource open(SourceConfig config, SqlDialect dialect) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dialect, "dialect");
    int fetchSize = positive(InsightflowProperties.INGEST_FETCH_SIZE, config.setting(InsightflowProperties.INGEST_FETCH_SIZE));
    Integer readersSetting = config.setting(InsightflowProperties.INGEST_READERS);
    int readers = readersSetting == null ? dialect.readers() : positive(InsightflowProperties.INGEST_READERS, readersSetting);
    return new JdbcSource(config, dialect, connect(config, dialect), fetchSize, dialect.readers() > 1 ? readers : 1,
        null, null);
  }

  private static Connection connect(SourceConfig config, SqlDialect dialect) {
    String key = InsightflowProperties.SOURCE_URL.name();
    try {
      Connection connection = JdbcDrivers.connect(config.url(), dialect.connectionProperties(config),
          dialect.getClass().getClassLoader());
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      if ("08001".equals(e.getSQLState()) && String.valueOf(e.getMessage()).startsWith("No suitable driver")) {
        throw new InsightflowConfigException(key, "No JDBC driver on the class path accepts '"
            + config.maskedUrl() + "'; " + dialect.driverCoordinates()
                .map(c -> "add the dependency " + c + " (the " + dialect.name() + " driver is optional)")
                .orElse("check the URL or add the database's JDBC driver to the class path"), Secrets.scrub(e));
      }
      throw new InsightflowConfigException(key, "Cannot connect to " + config.maskedUrl() + ": "
          + Secrets.mask(e.getMessage()) + "; check insightflow.source.url, .user and .password", Secrets.scrub(e));
    }
  }

  /** The configuration this source was opened with, for dialects. */
  public SourceConfig config() {
    return config;
  }

  /** The dialect this source reads with. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** The open connection (autocommit off), for dialects; owned by this source. */
  public Connection connection() {
    return connection;
  }

  /** Rows per round trip when rows stream through the driver ({@code insightflow.ingest.fetchSize}). */
  public int fetchSize() {
    return fetchSize;
  }

  @Override
  public String name() {
    return dialect.name();
  }

  /**
   * {@code insightflow.ingest.readers} when set, else the dialect's default; always 1 where the
   * dialect cannot share a snapshot.
   */
  @Override
  public int readers() {
    return readers;
  }

  @Override
  public Source fork() {
    if (parent != null) {
      return parent.fork();
    }
    synchronized (this) {
      if (closed) {
        throw new InsightflowException("Cannot fork " + this + ": the source is closed");
      }
      if (readers < 2) {
        return Source.super.fork();
      }
      if (openForks == 0) {
        try {
          connection.commit();
          snapshot = dialect.exportSnapshot(connection);
        } catch (SQLException e) {
          rollbackQuietly();
          snapshot = null;
          throw new InsightflowException("Cannot export a snapshot from " + config.maskedUrl() + " for parallel"
              + " readers: " + Secrets.mask(e.getMessage()) + "; set insightflow.ingest.readers=1 to read with one",
              Secrets.scrub(e));
        }
      }
      Connection forked;
      try {
        forked = connect(config, dialect);
      } catch (RuntimeException e) {
        if (openForks == 0) {
          releaseSnapshot();
        }
        throw e;
      }
      openForks++;
      return new JdbcSource(config, dialect, forked, fetchSize, readers, this, snapshot);
    }
  }

  /** A fork of this source was closed: the last one ends the snapshot's transaction. */
  private synchronized void forkClosed() {
    if (--openForks == 0 && !closed) {
      releaseSnapshot();
    }
  }

  private void releaseSnapshot() {
    snapshot = null;
    try {
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
    }
  }

  /** Ends the current transaction, unless it is the one holding the snapshot the open forks read in. */
  private void endTransaction() throws SQLException {
    if (parent != null || snapshot == null) {
      connection.commit();
    }
  }

  @Override
  public String query(TableName table) {
    return selectAll(table);
  }

  /** {@code SELECT * FROM <table>} in this dialect. */
  public String selectAll(TableName table) {
    return "SELECT * FROM " + dialect.qualified(table);
  }

  /**
   * {@link #selectAll} ordered by the primary key when the table has one, so that reading it again
   * gives the rows in the same order.
   */
  public String orderedSelect(TableName table) throws SQLException {
    List<String> key = keyColumns(table);
    return key.isEmpty() ? selectAll(table)
        : selectAll(table) + " ORDER BY " + String.join(", ", key.stream().map(dialect::quote).toList());
  }

  /**
   * The table's primary key columns in key order, as the database spells them, read the dialect's
   * way ({@link SqlDialect#primaryKey}) in the current transaction, which stays open; empty when it
   * has none. For dialects; others call {@link #primaryKey(TableName)}.
   */
  public List<String> keyColumns(TableName table) throws SQLException {
    return dialect.primaryKey(this, table);
  }

  /** {@inheritDoc} Read the dialect's way ({@link SqlDialect#primaryKey}). [#21] */
  @Override
  public List<String> primaryKey(TableName table) {
    try {
      List<String> key = keyColumns(table);
      endTransaction();
      return key;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Cannot read the primary key of the table from "
          + config.maskedUrl() + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  /**
   * The primary key by {@link DatabaseMetaData#getPrimaryKeys}, ordered by {@code KEY_SEQ}: the table
   * as named, else upper, else lower case (databases fold unquoted names either way).
   */
  static List<String> metadataPrimaryKey(Connection connection, TableName table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    for (String name : List.of(table.name(), table.name().toUpperCase(Locale.ROOT), table.name().toLowerCase(Locale.ROOT))) {
      String schema = table.schema();
      Map<Short, String> columns = new TreeMap<>();
      try (ResultSet rs = meta.getPrimaryKeys(null, schema, name)) {
        while (rs.next()) {
          columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
      }
      if (!columns.isEmpty()) {
        return new ArrayList<>(columns.values());
      }
    }
    return List.of();
  }

  @Override
  public List<RunManifest.Column> describe(TableName table) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(selectAll(table) + " WHERE 1 = 0")) {
      List<RunManifest.Column> columns = dialect.columns(rs.getMetaData());
      endTransaction();
      return columns;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Cannot read table from " + config.maskedUrl()
          + ": " + Secrets.mask(e.getMessage()) + "; check insightflow.tables", Secrets.scrub(e));
    }
  }

  @Override
  public List<Chunk> plan(TableName table, int batchSize) {
    try {
      List<Chunk> chunks = dialect.plan(this, table, batchSize);
      endTransaction();
      return chunks;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Cannot plan the export: " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  @Override
  public SourceReader open(Chunk chunk, Position from, Staging staging) {
    try {
      if (parent != null) {
        dialect.importSnapshot(connection, snapshot);
      }
      return new Reader(chunk, dialect.reader(this, chunk, from, staging));
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(chunk.table().toString(), "Export of " + chunk + " failed: "
          + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  @Override
  public long count(TableName table) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + dialect.qualified(table))) {
      rs.next();
      long rows = rs.getLong(1);
      endTransaction();
      return rows;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(table.toString(), "Cannot count rows in " + config.maskedUrl()
          + ": " + Secrets.mask(e.getMessage()) + "; check insightflow.tables", Secrets.scrub(e));
    }
  }

  @Override
  public List<String> statements(List<Chunk> chunks) {
    try {
      return dialect.statements(this, chunks);
    } catch (SQLException e) {
      rollbackQuietly();
      throw new SourceException(chunks.isEmpty() ? "?" : chunks.get(0).table().toString(),
          "Cannot plan the export: " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  /** Releases the connection; a parent's also ends the snapshot its forks read in. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing cannot lose data here: every chunk has committed or failed already.
    } finally {
      if (parent != null) {
        parent.forkClosed();
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcSource[" + dialect.name() + " " + config.maskedUrl() + (parent == null ? "" : " fork") + "]";
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The original failure is what the caller needs to see.
    }
  }

  private static int positive(ConfigKey<Integer> key, int value) {
    if (value > 0) {
      return value;
    }
    throw new InsightflowConfigException(key.name(), "must be a positive whole number, got '" + value + "'");
  }

  /** Ends the chunk's transaction when done, and names the table in every failure. */
  private final class Reader implements SourceReader {
    private final Chunk chunk;
    private final JdbcChunkReader delegate;
    private boolean closed;

    Reader(Chunk chunk, JdbcChunkReader delegate) {
      this.chunk = chunk;
      this.delegate = delegate;
    }

    @Override
    public Optional<RecordBatch> nextBatch() {
      try {
        return Optional.ofNullable(delegate.next());
      } catch (SQLException | IOException | RuntimeException e) {
        close();
        throw new SourceException(chunk.table().toString(), "Export of " + chunk + " failed: "
            + Secrets.mask(String.valueOf(e.getMessage())), Secrets.scrub(e));
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        delegate.close();
        endTransaction();
      } catch (SQLException | IOException e) {
        rollbackQuietly();
      }
    }
  }
}
