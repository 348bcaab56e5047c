package io.insightflow.connect.jdbc;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Staging;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The portable path: streams the chunk's ordered query through the JDBC driver with a fetch size
 * and writes CSV with fastcsv. Works with any driver; memory is bounded by the fetch size and one
 * row buffer. Opening at a position skips that many rows of the result without encoding them.
 */
final class ResultSetReader implements JdbcChunkReader {

  /** Empty strings are quoted so they stay distinct from NULL (an empty unquoted field); a lone
   * {@code \.} is quoted because PostgreSQL's COPY would read it as end of data. */
  static final QuoteStrategy QUOTES = new QuoteStrategy() {
    @Override
    public boolean quoteEmpty(int lineNo, int fieldIdx) {
      return true;
    }

    @Override
    public boolean quoteValue(int lineNo, int fieldIdx, String value) {
      return value.equals("\\.");
    }
  };

  private final Statement statement;
  private final ResultSet rs;
  private final int columns;
  private final boolean[] binary;
  private final String[] values;
  private final RowBuffer row = new RowBuffer();
  private final CsvWriter csv;
  private final BatchFileWriter batches;
  private final boolean fromStart;
  private boolean emitted;
  private boolean done;

  ResultSetReader(JdbcSource source, Chunk chunk, Position from, Staging staging) throws SQLException {
    statement = source.connection().createStatement();
    try {
      source.dialect().configure(statement, source.fetchSize());
      rs = statement.executeQuery(source.orderedSelect(chunk.table()));
      ResultSetMetaData meta = rs.getMetaData();
      columns = meta.getColumnCount();
      String[] names = new String[columns];
      binary = new boolean[columns];
      for (int i = 0; i < columns; i++) {
        names[i] = meta.getColumnLabel(i + 1);
        int type = meta.getColumnType(i + 1);
        binary[i] = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
            || type == Types.BLOB;
      }
      values = new String[columns];
      csv = CsvWriter.builder().quoteStrategy(QUOTES).lineDelimiter(LineDelimiter.LF)
          .autoFlush(true).build(row, StandardCharsets.UTF_8);
      csv.writeRecord(names);
      batches = new BatchFileWriter(staging, chunk.batchSize(), row.toByteArray(), from);
      for (long skipped = 0; skipped < from.rows() && !done; skipped++) {
        done = !rs.next();
      }
      fromStart = from.rows() == 0;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  @Override
  public RecordBatch next() throws SQLException, IOException {
    if (done) {
      return null;
    }
    while (!batches.full()) {
      if (!rs.next()) {
        done = true;
        break;
      }
      for (int i = 0; i < columns; i++) {
        values[i] = binary[i] ? hex(rs.getBytes(i + 1)) : rs.getString(i + 1);
      }
      row.reset();
      csv.writeRecord(values);
      batches.writeRow(row.buffer(), row.size());
    }
    if (batches.rowsInBatch() == 0 && (emitted || !fromStart)) {
      return null; // no trailing empty batch; only an empty table yields a header-only one
    }
    emitted = true;
    return batches.finish();
  }

  @Override
  public void close() throws SQLException, IOException {
    try {
      batches.close();
    } finally {
      statement.close();
    }
  }

  /** PostgreSQL's bytea hex input form, so binary columns load as they were. */
  private static String hex(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(2 + bytes.length * 2).append("\\x");
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /** Exposes its array so a row is copied once, into the batch file, not per row into a new array. */
  private static final class RowBuffer extends ByteArrayOutputStream {
    RowBuffer() {
      super(256);
    }

    byte[] buffer() {
      return buf;
    }
  }
}
