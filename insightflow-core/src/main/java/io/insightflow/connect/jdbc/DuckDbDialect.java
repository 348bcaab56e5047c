package io.insightflow.connect.jdbc;

import io.insightflow.api.Internal;
import io.insightflow.internal.layout.PartNames;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB, the embedded warehouse. A table is split by row id, one chunk per {@code batchSize} ids,
 * and each chunk is exported natively:
 * {@code COPY (SELECT * FROM t WHERE rowid in [lo, hi)) TO 'file' (FORMAT csv, HEADER true)}, so
 * DuckDB's parallel CSV writer does the work and no row passes through Java. Row ids are stable
 * while the table is unchanged, so the same table always yields the same chunks; a chunk holds
 * fewer rows where rows were deleted, and none (no batch) where all were.
 *
 * <p>Why a statement per part rather than one that writes every part [#24]: DuckDB 1.4's
 * {@code COPY … (PARTITION_BY (rowid // n))} writes each partition's rows in the order its threads
 * finish, not in row-id order (so the parts' bytes and checksums would change from run to run);
 * with one thread, where the order holds, it took 7.0 s against 4.5 s for the single COPY (full
 * size). One COPY per 8 parts into a named pipe, cut into parts in Java, wrote the same bytes and
 * checksums but was not measurably faster on this shared 2-core machine (whole ingest at full size,
 * medians of 3 interleaved runs: 10.3 s of CPU against 10.5 s) and peaked 35 MB higher (187 against
 * 152 MB), for a thread, a {@code mkfifo} and a CSV framer more (commit e5245ca, reverted). [#24]
 */
@Internal
public final class DuckDbDialect implements SqlDialect {

  static final String DEFAULT_MEMORY_LIMIT = "128MB";
  /** An option in a DuckDB URL: {@code jdbc:duckdb:/path/w.duckdb;memory_limit=2GB}. */
  private static final Pattern URL_MEMORY_LIMIT = Pattern.compile("(?i);\\s*memory_limit\\s*=\\s*([^;]+)");
  /**
   * DuckDB's buffer pool keeps every table block it has read, up to {@code memory_limit}, although
   * each chunk reads its own blocks once; every this many chunks the reader empties it (see
   * {@link #releaseBlocks}), which keeps the process flat as the table grows. Measured over 129
   * chunks of 130M rows: 245 MB peak anonymous memory without, 132 MB with (+2-3 % time; a new
   * connection instead cost 10 %, reloading the table's metadata each time).
   */
  static final int CHUNKS_PER_RELEASE = 4;
  private static final String EMPTY = "empty";

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:duckdb:");
  }

  @Override
  public Optional<String> driverCoordinates() {
    return Optional.of("org.duckdb:duckdb_jdbc");
  }

  /**
   * DuckDB's buffer pool lives inside the JVM process and by default may take 80% of the machine's
   * memory; an export streams, so a small pool keeps the process small. A {@code memory_limit} in
   * the URL wins.
   */
  @Override
  public Properties connectionProperties(SourceConfig config) {
    Properties props = SqlDialect.super.connectionProperties(config);
    if (!URL_MEMORY_LIMIT.matcher(config.url()).find()) {
      props.setProperty("memory_limit", DEFAULT_MEMORY_LIMIT);
    }
    return props;
  }

  /** The {@code memory_limit} connections to {@code url} are opened with: the URL's, else the default. */
  static String memoryLimit(String url) {
    Matcher m = URL_MEMORY_LIMIT.matcher(url);
    return m.find() ? m.group(1).trim() : DEFAULT_MEMORY_LIMIT;
  }

  /**
   * The primary key from {@code duckdb_constraints()}, whose column list is in key order: the
   * table's schema, else the current one, so a same-named table elsewhere never lends its key (JDBC
   * metadata searches every schema when none is given). DuckDB names are case-insensitive. [#21]
   */
  @Override
  public List<String> primaryKey(JdbcSource source, TableName table) throws SQLException {
    try (PreparedStatement ps = source.connection().prepareStatement("SELECT constraint_column_names"
        + " FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database()"
        + " AND lower(schema_name) = lower(coalesce(?, current_schema())) AND lower(table_name) = lower(?)")) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return List.of();
        }
        List<String> key = new ArrayList<>();
        for (Object column : (Object[]) rs.getArray(1).getArray()) {
          key.add(String.valueOf(column));
        }
        return key;
      }
    }
  }

  /** One chunk per {@code batchSize} row ids; an empty table is one chunk that yields the header. */
  @Override
  public List<Chunk> plan(JdbcSource source, TableName table, int batchSize) throws SQLException {
    long maxRowid;
    try (Statement st = source.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(max(rowid), -1) FROM " + qualified(table))) {
      rs.next();
      maxRowid = rs.getLong(1);
    }
    if (maxRowid < 0) {
      return List.of(new Chunk(table, 0, batchSize, EMPTY, true));
    }
    List<Chunk> chunks = new ArrayList<>();
    for (long lo = 0; lo <= maxRowid; lo += batchSize) {
      chunks.add(new Chunk(table, chunks.size(), batchSize, "rowid=" + lo + ".." + (lo + batchSize), true));
    }
    return chunks;
  }

  @Override
  public JdbcChunkReader reader(JdbcSource source, Chunk chunk, Position from, Staging staging) {
    return new JdbcChunkReader() {
      private boolean read = from.rows() > 0; // a chunk is one batch: any position is its end
      private Path file;

      @Override
      public RecordBatch next() throws SQLException, IOException {
        if (read) {
          return null;
        }
        read = true;
        file = staging.newFile();
        long rows = copy(source, copySql(chunk, file));
        if ((chunk.index() + 1) % CHUNKS_PER_RELEASE == 0) {
          releaseBlocks(source.connection(), memoryLimit(source.config().url()));
        }
        if (rows == 0 && !chunk.range().equals(EMPTY)) {
          Files.deleteIfExists(file); // a range emptied by deletes: no batch rather than an empty part
          return null;
        }
        RecordBatch batch = RecordBatch.ofFile(file, rows, null, new Position(rows));
        file = null;
        return batch;
      }

      @Override
      public void close() throws IOException {
        if (file != null) {
          Files.deleteIfExists(file);
          // DuckDB writes tmp_<name> beside the file and renames it at the end: a failed COPY leaves it.
          Files.deleteIfExists(file.resolveSibling("tmp_" + file.getFileName()));
        }
      }
    };
  }

  /** One COPY per chunk, writing {@code <table>_partNNNNN.csv} in chunk order. */
  @Override
  public List<String> statements(JdbcSource source, List<Chunk> chunks) {
    return chunks.stream().map(c -> copySql(c, Path.of(PartNames.csvPart(c.table().name(), c.index() + 1)))).toList();
  }

  /** The statement that writes a chunk's rows to a CSV file. */
  String copySql(Chunk chunk, Path file) {
    String where = "false";
    if (!chunk.range().equals(EMPTY)) {
      String[] bounds = chunk.range().substring("rowid=".length()).split("\\.\\.");
      where = "rowid >= " + Long.parseLong(bounds[0]) + " AND rowid < " + Long.parseLong(bounds[1]);
    }
    return "COPY (SELECT * FROM " + qualified(chunk.table()) + " WHERE " + where + ") TO "
        + literal(file.toString()) + " (FORMAT csv, HEADER true)";
  }

  /**
   * Empties the buffer pool of the blocks read so far: lowering {@code memory_limit} evicts them
   * (they are in the database file, so nothing is written), then the limit goes back to the one the
   * connection was opened with (as given: DuckDB's display of it is rounded). An in-memory database
   * keeps its blocks: they are its data.
   */
  static void releaseBlocks(Connection connection, String limit) throws SQLException {
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")) {
        if (!rs.next() || rs.getString(1) == null) {
          return;
        }
      }
      try {
        st.execute("SET memory_limit = '1MB'");
      } catch (SQLException e) {
        // Refused while blocks are pinned: the limit is unchanged and the pool stays as it is. The
        // failure aborted the chunk's transaction, which only read (its export is written): end it.
        connection.rollback();
        return;
      }
      st.execute("SET memory_limit = " + literal(limit));
    }
  }

  private static long copy(JdbcSource source, String sql) throws SQLException {
    try (Statement st = source.connection().createStatement()) {
      if (st.execute(sql)) {
        try (ResultSet rs = st.getResultSet()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      }
      return Math.max(0, st.getLargeUpdateCount());
    }
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
