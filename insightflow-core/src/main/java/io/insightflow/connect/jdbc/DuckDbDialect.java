package io.insightflow.connect.jdbc;

import io.insightflow.layout.PartNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * DuckDB, the embedded warehouse. A whole table is exported natively: one
 * {@code COPY (SELECT * FROM t WHERE rowid in [lo, hi)) TO 'part' (FORMAT csv, HEADER true)} per
 * part, so DuckDB's parallel CSV writer does the work and no row passes through Java. Row ids are
 * stable while the table is unchanged, so the same table always yields the same parts; a part can
 * hold fewer than {@code batchSize} rows where rows were deleted. Queries use the portable path.
 */
public final class DuckDbDialect implements SqlDialect {

  static final String DEFAULT_MEMORY_LIMIT = "128MB";

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:duckdb:");
  }

  /**
   * DuckDB's buffer pool lives inside the JVM process and by default may take 80% of the machine's
   * memory; an export streams, so a small pool keeps the process small. A {@code memory_limit} in
   * the URL wins.
   */
  @Override
  public Properties connectionProperties(JdbcSourceOptions options) {
    Properties props = SqlDialect.super.connectionProperties(options);
    if (!options.url().contains("memory_limit")) {
      props.setProperty("memory_limit", DEFAULT_MEMORY_LIMIT);
    }
    return props;
  }

  @Override
  public TableExporter exporter() {
    return (connection, request, sink) -> request.table() == null
        ? new ResultSetExporter().export(connection, request, sink)
        : exportTable(connection, request, sink);
  }

  /** One COPY per row-id range; row ids are assumed dense, which holds unless rows were deleted. */
  @Override
  public List<String> exportStatements(TableExporter.ExportRequest request, long rows) {
    if (request.table() == null) {
      return List.of(request.query());
    }
    List<String> sql = new ArrayList<>();
    int part = 1;
    for (long lo = 0; lo < rows || part == 1; lo += request.batchSize()) {
      Path file = Path.of(PartNames.csvPart(request.table().name(), part++));
      sql.add(copyRangeSql(request.table(), lo, lo + request.batchSize(), file));
    }
    return sql;
  }

  /** The statement that writes rows {@code [lo, hi)} of a table to a CSV file. */
  String copyRangeSql(TableName table, long lo, long hi, Path file) {
    return "COPY (SELECT * FROM " + qualified(table) + " WHERE rowid >= " + lo + " AND rowid < " + hi
        + ") TO " + literal(file.toString()) + " (FORMAT csv, HEADER true)";
  }

  private long exportTable(Connection connection, TableExporter.ExportRequest request, PartSink sink)
      throws SQLException {
    long maxRowid;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(max(rowid), -1) FROM " + qualified(request.table()))) {
      rs.next();
      maxRowid = rs.getLong(1);
    }
    long total = 0;
    int parts = 0;
    for (long lo = 0; lo <= maxRowid || parts == 0; lo += request.batchSize()) {
      Path file = sink.newPartFile();
      long rows;
      try {
        rows = copy(connection, copyRangeSql(request.table(), lo, lo + request.batchSize(), file));
      } catch (SQLException | RuntimeException e) {
        // DuckDB writes tmp_<name> next to the file and renames it at the end: a failed COPY leaves it.
        delete(file.resolveSibling("tmp_" + file.getFileName()));
        throw e;
      }
      boolean lastRange = lo + request.batchSize() > maxRowid;
      if (rows == 0 && !(lastRange && parts == 0)) {
        delete(file); // a range emptied by deletes: skip it rather than publish an empty part
        continue;
      }
      sink.accept(file, rows, null);
      parts++;
      total += rows;
    }
    return total;
  }

  private static long copy(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
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

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
