package io.insightflow.connect.jdbc;

import io.insightflow.layout.PartNames;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * DuckDB, the embedded warehouse. A table is split by row id, one chunk per {@code batchSize} ids,
 * and each chunk is exported natively:
 * {@code COPY (SELECT * FROM t WHERE rowid in [lo, hi)) TO 'file' (FORMAT csv, HEADER true)}, so
 * DuckDB's parallel CSV writer does the work and no row passes through Java. Row ids are stable
 * while the table is unchanged, so the same table always yields the same chunks; a chunk holds
 * fewer rows where rows were deleted, and none (no batch) where all were.
 */
public final class DuckDbDialect implements SqlDialect {

  static final String DEFAULT_MEMORY_LIMIT = "128MB";
  /**
   * DuckDB's buffer pool keeps the table blocks a database has read until it closes (up to
   * {@code memory_limit}); a new connection every few chunks (reopening costs ~10 ms) keeps the
   * process flat as the table grows: 33 chunks peaked at 219 MB of anonymous memory on one
   * connection, 124 MB with a new one every 4.
   */
  static final int CHUNKS_PER_CONNECTION = 4;
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
    if (!config.url().contains("memory_limit")) {
      props.setProperty("memory_limit", DEFAULT_MEMORY_LIMIT);
    }
    return props;
  }

  @Override
  public int chunksPerConnection() {
    return CHUNKS_PER_CONNECTION;
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
