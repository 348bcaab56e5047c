package io.insightflow.connect.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL as a warehouse. Rows leave through {@code COPY (query) TO STDOUT (FORMAT csv)}: the
 * server renders CSV itself and each CopyData message is exactly one row, so parts are cut at row
 * boundaries without parsing CSV in Java.
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
  public TableExporter exporter() {
    return PostgresDialect::copyOut;
  }

  @Override
  public List<String> exportStatements(TableExporter.ExportRequest request, long rows) {
    return List.of(copyOutSql(request.query()));
  }

  /** The COPY statement that exports a query. */
  static String copyOutSql(String query) {
    return "COPY (" + query + ") TO STDOUT (FORMAT csv, HEADER true)";
  }

  private static long copyOut(Connection connection, TableExporter.ExportRequest request, PartSink sink)
      throws SQLException {
    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOutSql(request.query()));
    try {
      byte[] header = copy.readFromCopy();
      try (PartFileWriter parts = new PartFileWriter(sink, request.batchSize(), header)) {
        byte[] row;
        while ((row = copy.readFromCopy()) != null) {
          parts.writeRow(row, row.length);
        }
        return parts.finish();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
