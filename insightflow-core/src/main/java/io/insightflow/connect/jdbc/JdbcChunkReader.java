package io.insightflow.connect.jdbc;

import io.insightflow.api.Evolving;
import io.insightflow.spi.RecordBatch;
import java.io.IOException;
import java.sql.SQLException;

/**
 * A dialect's reader of one chunk, free to throw the JDBC and I/O exceptions of its work:
 * {@link JdbcSource} turns them into {@link io.insightflow.api.SourceException}s naming the table.
 * Used by one thread.
 */
@Evolving
public interface JdbcChunkReader extends AutoCloseable {

  /** The next batch, or null at the end of the chunk. */
  RecordBatch next() throws SQLException, IOException;

  /** Stops reading and deletes any unfinished batch file. Idempotent. */
  @Override
  void close() throws SQLException, IOException;
}
