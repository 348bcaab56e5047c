package io.insightflow.connect.jdbc;

import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL as a warehouse. A table is one chunk that leaves through
 * {@code COPY (SELECT * FROM t) TO STDOUT (FORMAT csv)}: the server renders CSV itself and each
 * CopyData message is exactly one row, so batches are cut at row boundaries without parsing CSV in
 * Java. Synchronised sequential scans are off for the export, so an unchanged table is always read
 * in the same (physical) order, and a reader opened at a position skips that many messages.
 */
public final class PostgresDialect implements SqlDialect {

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:postgresql:");
  }

  @Override
  public List<Chunk> plan(JdbcSource source, TableName table, int batchSize) {
    return List.of(new Chunk(table, 0, batchSize, "all", true));
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
        .copyOut(copyOutSql("SELECT * FROM " + qualified(chunk.table())));
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
        if (batches.rowsInBatch() == 0 && (emitted || from.rows() > 0)) {
          return null; // no trailing empty batch; only an empty table yields a header-only one
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
    return chunks.isEmpty() ? List.of() : List.of(copyOutSql("SELECT * FROM " + qualified(chunks.get(0).table())));
  }

  /** The COPY statement that exports a query. */
  static String copyOutSql(String query) {
    return "COPY (" + query + ") TO STDOUT (FORMAT csv, HEADER true)";
  }
}
