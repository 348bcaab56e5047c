package io.insightflow.connect.jdbc;

import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Staging;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Cuts a stream of CSV rows into batch files of at most {@code batchSize} rows, each starting with
 * the header, checksumming while it writes so no second pass over the file is needed. Holds one
 * write buffer whatever the table's size. Not thread-safe: one reader thread owns it.
 */
final class BatchFileWriter implements AutoCloseable {

  private static final int BUFFER = 1 << 20;

  private final Staging staging;
  private final int batchSize;
  private final byte[] header;
  private final CRC32C crc = new CRC32C();
  private Path file;
  private OutputStream out;
  private long rowsInBatch;
  private long position;

  /**
   * @param header the header line including its line end, written at the start of every batch
   * @param from rows of the chunk before the first row this writer gets
   */
  BatchFileWriter(Staging staging, int batchSize, byte[] header, Position from) {
    this.staging = staging;
    this.batchSize = batchSize;
    this.header = header.clone();
    this.position = from.rows();
  }

  /** Whether the current batch holds {@code batchSize} rows. */
  boolean full() {
    return rowsInBatch == batchSize;
  }

  /** Rows in the current batch. */
  long rowsInBatch() {
    return rowsInBatch;
  }

  /** Writes one complete row (line end included) to the current batch, starting one if needed. */
  void writeRow(byte[] row, int length) throws IOException {
    if (out == null) {
      start();
    }
    out.write(row, 0, length);
    rowsInBatch++;
    position++;
  }

  /**
   * Finishes the current batch; with no row written yet, a batch of the header alone (so an empty
   * table's schema travels with its data).
   */
  RecordBatch finish() throws IOException {
    if (out == null) {
      start();
    }
    out.close();
    out = null;
    RecordBatch batch = RecordBatch.ofFile(file, rowsInBatch, String.format("%08x", crc.getValue()),
        new Position(position));
    file = null;
    rowsInBatch = 0;
    return batch;
  }

  /** Deletes an unfinished batch after a failure, even when closing it fails too (a full disk). */
  @Override
  public void close() throws IOException {
    try {
      if (out != null) {
        OutputStream open = out;
        out = null;
        open.close();
      }
    } finally {
      if (file != null) {
        Files.deleteIfExists(file);
        file = null;
      }
    }
  }

  private void start() throws IOException {
    file = staging.newFile();
    crc.reset();
    out = new CrcOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER), crc);
    out.write(header);
    rowsInBatch = 0;
  }

  /** Updates the checksum on the writing thread. */
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
