package io.insightflow.connect.jdbc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Splits a stream of CSV rows into part files of at most {@code batchSize} rows, each starting
 * with the header, and hands each finished file to the sink with its row count and CRC32C. Holds
 * one write buffer, whatever the table size. Not thread-safe: one exporter thread owns it.
 */
final class PartFileWriter implements AutoCloseable {

  private static final int BUFFER = 1 << 20;

  private final PartSink sink;
  private final int batchSize;
  private final byte[] header;
  private final CRC32C crc = new CRC32C();
  private Path file;
  private OutputStream out;
  private long rowsInPart;
  private long rows;
  private int parts;

  /**
   * @param header the header line including its line end, written at the start of every part
   */
  PartFileWriter(PartSink sink, int batchSize, byte[] header) {
    this.sink = sink;
    this.batchSize = batchSize;
    this.header = header.clone();
  }

  /** The stream to write the next row to; call {@link #endRow()} after writing it. */
  OutputStream beginRow() throws IOException {
    if (out != null && rowsInPart == batchSize) {
      finishPart();
    }
    if (out == null) {
      startPart();
    }
    return out;
  }

  /** Counts the row just written. */
  void endRow() {
    rowsInPart++;
    rows++;
  }

  /** Writes one complete row (line end included). */
  void writeRow(byte[] row, int length) throws IOException {
    beginRow().write(row, 0, length);
    endRow();
  }

  /**
   * Finishes the last part. A query without rows still yields one part holding the header, so the
   * schema travels with the data and a sync can create the table.
   *
   * @return rows written over all parts
   */
  long finish() throws IOException {
    if (out == null && parts == 0) {
      startPart();
    }
    if (out != null) {
      finishPart();
    }
    return rows;
  }

  /** Deletes an unfinished part after a failure. */
  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      Files.deleteIfExists(file);
      out = null;
    }
  }

  private void startPart() throws IOException {
    file = sink.newPartFile();
    crc.reset();
    out = new CrcOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER), crc);
    out.write(header);
    rowsInPart = 0;
  }

  private void finishPart() throws IOException {
    out.close();
    out = null;
    parts++;
    sink.accept(file, rowsInPart, String.format("%08x", crc.getValue()));
  }

  /** Updates the checksum on the writing thread, so no second pass over the file is needed. */
  private static final class CrcOutputStream extends OutputStream {
    private final OutputStream delegate;
    private final CRC32C crc;

    CrcOutputStream(OutputStream delegate, CRC32C crc) {
      this.delegate = delegate;
      this.crc = crc;
    }

    @Override
    public void write(int b) throws IOException {
      crc.update(b);
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      crc.update(b, off, len);
      delegate.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
