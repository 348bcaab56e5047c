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
 * DuckDB, the embedded warehouse. Rows are exported natively,
 * {@code COPY (SELECT * FROM t WHERE rowid in [lo, hi)) TO … (FORMAT csv, HEADER true)}, so
 * DuckDB's parallel CSV writer does the work and no row is parsed in Java. Row ids are stable while
 * the table is unchanged, so the same table always yields the same chunks and parts.
 *
 * <p>A table whose row ids run without a gap (no row deleted) is split into chunks of
 * {@link #PARTS_PER_STATEMENT} parts, each read by one statement whose output is cut into parts of
 * {@code batchSize} rows ({@link DuckDbPipeReader}); part {@code k} then holds the rows with ids in
 * {@code [k × batchSize, (k + 1) × batchSize)}. A table with gaps, or a platform without named
 * pipes, is one chunk per {@code batchSize} row ids, each its own COPY: a chunk holds fewer rows
 * where rows were deleted, and none (no batch) where all were. Either way the bytes of a part are
 * those of a COPY of its row ids, so names, checksums and manifests do not depend on the path. [#24]
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
  /**
   * Parts one statement writes into a pipe where row ids have no gap; the buffer pool is emptied
   * after each. One statement for the whole table saves a little more but keeps the pool full for
   * the whole export (237 MB peak RSS for DuckDB's own single COPY of the full-size table, against
   * 160-180 MB for the ingest that empties it), and leaves no point at which it can be emptied. [#24]
   */
  static final int PARTS_PER_STATEMENT = 8;
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

  /**
   * Chunks of {@link #PARTS_PER_STATEMENT} × {@code batchSize} row ids when they run without a gap
   * and named pipes work, else one chunk per {@code batchSize} row ids; an empty table is one chunk
   * that yields the header.
   */
  @Override
  public List<Chunk> plan(JdbcSource source, TableName table, int batchSize) throws SQLException {
    long rows;
    long maxRowid;
    try (Statement st = source.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), coalesce(max(rowid), -1) FROM " + qualified(table))) {
      rs.next();
      rows = rs.getLong(1);
      maxRowid = rs.getLong(2);
    }
    if (maxRowid < 0) {
      return List.of(new Chunk(table, 0, batchSize, EMPTY, true));
    }
    boolean gapless = rows == maxRowid + 1 && rows > batchSize && DuckDbPipeReader.available();
    long span = gapless ? (long) batchSize * PARTS_PER_STATEMENT : batchSize;
    List<Chunk> chunks = new ArrayList<>();
    for (long lo = 0; lo <= maxRowid; lo += span) {
      long hi = gapless ? Math.min(lo + span, rows) : lo + batchSize;
      chunks.add(new Chunk(table, chunks.size(), batchSize, "rowid=" + lo + ".." + hi, true));
    }
    return chunks;
  }

  @Override
  public JdbcChunkReader reader(JdbcSource source, Chunk chunk, Position from, Staging staging) {
    long[] range = range(chunk);
    if (range[1] - range[0] > chunk.batchSize()) {
      // Gapless row ids: the row at a position is the one with id lo + position.
      Chunk rest = new Chunk(chunk.table(), chunk.index(), chunk.batchSize(),
          "rowid=" + (range[0] + from.rows()) + ".." + range[1], true);
      return new DuckDbPipeReader(source, pipe -> copySql(rest, pipe), chunk.batchSize(), from, staging);
    }
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

  /**
   * One COPY per chunk, writing {@code <table>_partNNNNN.csv} in chunk order, or for a chunk of
   * many parts the pipe {@code <table>.csv.pipe} that is cut into them.
   */
  @Override
  public List<String> statements(JdbcSource source, List<Chunk> chunks) {
    return chunks.stream().map(c -> {
      long[] range = range(c);
      String target = range[1] - range[0] > c.batchSize() ? c.table().name() + ".csv.pipe"
          : PartNames.csvPart(c.table().name(), c.index() + 1);
      return copySql(c, Path.of(target));
    }).toList();
  }

  /** The row ids {@code [lo, hi)} of a chunk; {@code [0, 0)} for the empty table's. */
  private static long[] range(Chunk chunk) {
    if (chunk.range().equals(EMPTY)) {
      return new long[] {0, 0};
    }
    String[] bounds = chunk.range().substring("rowid=".length()).split("\\.\\.");
    return new long[] {Long.parseLong(bounds[0]), Long.parseLong(bounds[1])};
  }

  /** The statement that writes a chunk's rows to a CSV file. */
  String copySql(Chunk chunk, Path file) {
    long[] range = range(chunk);
    String where = chunk.range().equals(EMPTY) ? "false" : "rowid >= " + range[0] + " AND rowid < " + range[1];
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
