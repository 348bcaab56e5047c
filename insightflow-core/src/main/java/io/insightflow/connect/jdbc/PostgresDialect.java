package io.insightflow.connect.jdbc;

import io.insightflow.api.Internal;
import io.insightflow.api.SourceException;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL as a warehouse. A chunk leaves through
 * {@code COPY (SELECT * FROM t [WHERE ctid ...]) TO STDOUT (FORMAT csv)}: the server renders CSV
 * itself and each CopyData message is exactly one row, so batches are cut at row boundaries without
 * parsing CSV in Java. Synchronised sequential scans are off for the export, so an unchanged table
 * is always read in the same (physical) order, and a reader opened at a position skips that many
 * messages.
 *
 * <p>One server backend renders CSV no faster than about 4M rows/s, so with several readers
 * ({@link #readers()}, {@code insightflow.ingest.readers}) a plain table on PostgreSQL 14 or later is
 * planned as ranges of heap blocks ({@code ctid >= '(lo,0)' AND ctid < '(hi,0)'}, read by a TID
 * Range Scan), each of about {@code batchSize} rows by the table's statistics, the last one
 * open-ended. Read in one exported snapshot ({@link JdbcSource#fork()}), every row version visible in
 * it lies in exactly one range. Otherwise (one reader, an older server, a view, a partitioned or
 * foreign table, a table never analysed) the table is one chunk, {@code all}. [#13]
 */
@Internal
public final class PostgresDialect implements SqlDialect {

  static final String ALL = "all";
  private static final Pattern BLOCKS = Pattern.compile("blocks=(\\d+)\\.\\.(\\d*)");
  /** What pg_export_snapshot returns, such as {@code 00000003-0000001B-1}. */
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");
  /** Significant bits kept of a chunk's block count: see {@link #blocksPerChunk}. */
  private static final int CHUNK_BITS = 3;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The number of processors, at least 2 (the server does most of the work) and at most 4. */
  @Override
  public int readers() {
    return Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public String exportSnapshot(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Override
  public void importSnapshot(Connection connection, String id) throws SQLException {
    if (!SNAPSHOT_ID.matcher(id).matches()) {
      throw new SQLException("Not a snapshot id: " + id);
    }
    try (Statement st = connection.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      st.execute("SET TRANSACTION SNAPSHOT '" + id + "'");
    }
  }

  /**
   * The primary key from the catalog: the columns of the table's primary-key index in index order.
   * The table is resolved as its queries resolve it ({@code regclass}, the search path when it has
   * no schema), so a same-named table in another schema never lends its key. [#21]
   */
  @Override
  public List<String> primaryKey(JdbcSource source, TableName table) throws SQLException {
    try (PreparedStatement ps = source.connection().prepareStatement("SELECT a.attname FROM pg_index i"
        + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
        + " WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY k.ord")) {
      ps.setString(1, qualified(table));
      List<String> key = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1));
        }
      }
      return key;
    }
  }

  /**
   * Block ranges of about {@code batchSize} rows each where several readers will read them (see the
   * class comment), else one chunk. Only the table's size and statistics are read, so the plan of an
   * unchanged table is the same each time.
   */
  @Override
  public List<Chunk> plan(JdbcSource source, TableName table, int batchSize) throws SQLException {
    if (source.readers() > 1 && source.connection().getMetaData().getDatabaseMajorVersion() >= 14) {
      try (PreparedStatement ps = source.connection().prepareStatement("SELECT c.relkind, c.reltuples, c.relpages,"
          + " pg_relation_size(c.oid) / current_setting('block_size')::bigint FROM pg_class c WHERE c.oid = ?::regclass")) {
        ps.setString(1, qualified(table));
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && "r".equals(rs.getString(1)) && rs.getDouble(2) > 0 && rs.getLong(3) > 0 && rs.getLong(4) > 0) {
            return blockRanges(table, batchSize, rs.getDouble(2) / rs.getLong(3), rs.getLong(4));
          }
        }
      }
    }
    return List.of(new Chunk(table, 0, batchSize, ALL, true));
  }

  /**
   * Consecutive ranges of {@link #blocksPerChunk} blocks from block 0 over {@code blocks} blocks; the
   * last is open-ended, so rows in blocks added since the plan are read too.
   */
  static List<Chunk> blockRanges(TableName table, int batchSize, double rowsPerBlock, long blocks) {
    long step = blocksPerChunk(batchSize, rowsPerBlock);
    List<Chunk> chunks = new ArrayList<>();
    for (long lo = 0; lo < blocks; lo += step) {
      String hi = lo + step < blocks ? String.valueOf(lo + step) : "";
      chunks.add(new Chunk(table, chunks.size(), batchSize, "blocks=" + lo + ".." + hi, true));
    }
    return chunks;
  }

  /**
   * Blocks holding about {@code batchSize} rows at the table's density (pg_class reltuples over
   * relpages, which one ANALYZE or VACUUM set together), rounded down to {@value #CHUNK_BITS}
   * significant bits: re-estimated statistics of an unchanged big table (ANALYZE samples) then
   * rarely move the boundaries, and a moved plan only makes a stopped run start over. Rounding down
   * also leaves room for denser stretches, so a chunk seldom spills into a second, small part.
   */
  static long blocksPerChunk(int batchSize, double rowsPerBlock) {
    long blocks = Math.max(1, (long) (batchSize / rowsPerBlock));
    int drop = Math.max(0, 64 - Long.numberOfLeadingZeros(blocks) - CHUNK_BITS);
    return blocks >>> drop << drop;
  }

  /** The chunk's query: the whole table, or its block range. */
  private String select(Chunk chunk) {
    String all = "SELECT * FROM " + qualified(chunk.table());
    if (chunk.range().equals(ALL)) {
      return all;
    }
    Matcher m = BLOCKS.matcher(chunk.range());
    if (!m.matches()) {
      throw new SourceException(chunk.table().toString(), "Not a chunk of the postgresql dialect: " + chunk);
    }
    return all + " WHERE ctid >= '(" + Long.parseLong(m.group(1)) + ",0)'"
        + (m.group(2).isEmpty() ? "" : " AND ctid < '(" + Long.parseLong(m.group(2)) + ",0)'");
  }

  @Override
  public JdbcChunkReader reader(JdbcSource source, Chunk chunk, Position from, Staging staging)
      throws SQLException {
    try (Statement st = source.connection().createStatement()) {
      // Another scan of the same table could otherwise make ours start mid-table (the transaction
      // is the chunk's: autocommit is off).
      st.execute("SET LOCAL synchronize_seqscans = off");
    }
    CopyOut copy = source.connection().unwrap(PGConnection.class).getCopyAPI()
        .copyOut(copyOutSql(select(chunk)));
    return new JdbcChunkReader() {
      private BatchFileWriter batches;
      private boolean emitted;
      private boolean done;

      @Override
      public RecordBatch next() throws SQLException, IOException {
        if (batches == null) {
          batches = new BatchFileWriter(staging, chunk.batchSize(), copy.readFromCopy(), from);
          for (long skipped = 0; skipped < from.rows() && !done; skipped++) {
            done = copy.readFromCopy() == null;
          }
        }
        if (done) {
          return null;
        }
        byte[] row;
        while (!batches.full()) {
          if ((row = copy.readFromCopy()) == null) {
            done = true;
            break;
          }
          batches.writeRow(row, row.length);
        }
        if (batches.rowsInBatch() == 0 && (emitted || from.rows() > 0 || !chunk.range().equals(ALL))) {
          return null; // no trailing empty batch; only an empty table (chunk "all") yields a header-only one
        }
        emitted = true;
        return batches.finish();
      }

      @Override
      public void close() throws SQLException, IOException {
        try {
          if (batches != null) {
            batches.close();
          }
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
      }
    };
  }

  @Override
  public List<String> statements(JdbcSource source, List<Chunk> chunks) {
    return chunks.stream().map(c -> copyOutSql(select(c))).toList();
  }

  /** The COPY statement that exports a query. */
  static String copyOutSql(String query) {
    return "COPY (" + query + ") TO STDOUT (FORMAT csv, HEADER true)";
  }
}
