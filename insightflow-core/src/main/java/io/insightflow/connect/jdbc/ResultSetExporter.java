package io.insightflow.connect.jdbc;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The portable path: streams a query through the JDBC driver with a fetch size and writes CSV with
 * fastcsv. Works with any driver; memory is bounded by the fetch size and one part buffer.
 */
final class ResultSetExporter implements TableExporter {

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

  @Override
  public long export(Connection connection, ExportRequest request, PartSink sink) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(request.fetchSize());
      try (ResultSet rs = statement.executeQuery(request.query())) {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        String[] names = new String[columns];
        boolean[] binary = new boolean[columns];
        for (int i = 0; i < columns; i++) {
          names[i] = meta.getColumnLabel(i + 1);
          int type = meta.getColumnType(i + 1);
          binary[i] = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
              || type == Types.BLOB;
        }
        RowBuffer row = new RowBuffer();
        CsvWriter csv = CsvWriter.builder().quoteStrategy(QUOTES).lineDelimiter(LineDelimiter.LF)
            .autoFlush(true).build(row, StandardCharsets.UTF_8);
        csv.writeRecord(names);
        try (PartFileWriter parts = new PartFileWriter(sink, request.batchSize(), row.toByteArray())) {
          String[] values = new String[columns];
          while (rs.next()) {
            for (int i = 0; i < columns; i++) {
              values[i] = binary[i] ? hex(rs.getBytes(i + 1)) : rs.getString(i + 1);
            }
            row.reset();
            csv.writeRecord(values);
            parts.writeRow(row.buffer(), row.size());
          }
          return parts.finish();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /** Exposes its array so a row is copied once, into the part file, not per row into a new array. */
  private static final class RowBuffer extends ByteArrayOutputStream {
    RowBuffer() {
      super(256);
    }

    byte[] buffer() {
      return buf;
    }
  }
}
