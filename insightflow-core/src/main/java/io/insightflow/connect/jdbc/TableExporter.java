package io.insightflow.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Moves the rows of one query out of a warehouse into CSV parts of at most {@code batchSize} rows,
 * in a deterministic order of parts, holding at most one part's buffer in memory.
 */
public interface TableExporter {

  /**
   * Exports the rows. Called on the ingest thread; blocks until every part was handed to the sink.
   *
   * @param connection an open connection with autocommit off; the caller closes it
   * @param request what to export
   * @param sink receives each finished part, in order
   * @return the number of rows exported
   */
  long export(Connection connection, ExportRequest request, PartSink sink) throws SQLException;

  /**
   * One export.
   *
   * @param table the table, when the export is a whole table (enables native bulk paths)
   * @param query the SELECT producing the rows (for a whole table, {@code SELECT * FROM table})
   * @param batchSize maximum rows per part
   * @param fetchSize JDBC fetch size when rows stream through the driver
   */
  record ExportRequest(TableName table, String query, int batchSize, int fetchSize) {}
}
