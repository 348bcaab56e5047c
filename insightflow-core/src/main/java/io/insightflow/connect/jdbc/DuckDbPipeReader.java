package io.insightflow.connect.jdbc;

import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads a DuckDB chunk of many batches with one statement: {@code COPY … TO} a named pipe, which a
 * background thread runs while this reader cuts the stream into files of {@code batchSize} rows,
 * each with the header ({@link CsvParts}). DuckDB writes the rows in table order, so each file is
 * byte for byte what a COPY of its rows alone writes, without a statement per part (a COPY per
 * 1,000,000 rows cost ~10 % more CPU than one COPY of the table). [#24]
 *
 * <p>The pipe holds no data: DuckDB waits while the sink publishes, so the disk holds only the
 * parts in flight (as with a statement per part), not the whole chunk, and a stop for the time
 * budget loses at most the part being cut. After the COPY the buffer pool is emptied
 * ({@link DuckDbDialect#releaseBlocks}). Closing early closes the pipe, which fails the COPY; its
 * thread is then awaited.
 */
final class DuckDbPipeReader implements JdbcChunkReader {

  private static final int BUFFER = 1 << 20;
  private static volatile Boolean available;

  private final JdbcSource source;
  private final Function<Path, String> copySql;
  private final int batchSize;
  private final long start;
  private final Staging staging;
  private Path pipe;
  private Thread export;
  private volatile Throwable failure;
  private InputStream in;
  private CsvParts parts;
  private Path file;
  private long rows;
  private boolean done;

  /**
   * @param copySql the COPY statement writing the chunk's rows from {@code start} to a path
   * @param start rows of the chunk already read (the position)
   */
  DuckDbPipeReader(JdbcSource source, Function<Path, String> copySql, int batchSize, Position start, Staging staging) {
    this.source = source;
    this.copySql = copySql;
    this.batchSize = batchSize;
    this.start = start.rows();
    this.staging = staging;
  }

  /** Whether named pipes can be made here ({@code mkfifo}, so not on Windows); tried once. */
  static boolean available() {
    if (available == null) {
      boolean ok = false;
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
        try {
          Path dir = Files.createTempDirectory("insightflow-pipe");
          try {
            mkfifo(dir.resolve("p"));
            ok = true;
          } finally {
            Files.deleteIfExists(dir.resolve("p"));
            Files.delete(dir);
          }
        } catch (IOException e) {
          ok = false;
        }
      }
      available = ok;
    }
    return available;
  }

  @Override
  public RecordBatch next() throws SQLException, IOException {
    if (done) {
      return null;
    }
    if (parts == null) {
      begin();
    }
    file = staging.newFile();
    CsvParts.Part part = parts.next(file, batchSize);
    if (part == null || part.rows() < batchSize) {
      finish(); // a short part ends the stream: only a COPY that succeeded makes it a batch
    }
    if (part == null) {
      Files.deleteIfExists(file);
      file = null;
      return null;
    }
    rows += part.rows();
    RecordBatch batch = RecordBatch.ofFile(file, part.rows(), part.crc32c(), new Position(start + rows));
    file = null;
    return batch;
  }

  private void begin() throws IOException {
    pipe = staging.newFile();
    Files.deleteIfExists(pipe);
    mkfifo(pipe);
    String sql = copySql.apply(pipe);
    export = new Thread(() -> {
      try (Statement st = source.connection().createStatement()) {
        st.execute(sql);
      } catch (SQLException | RuntimeException e) {
        failure = e;
        release();
      }
    }, "insightflow-duckdb-export");
    export.setDaemon(true);
    export.start();
    in = Files.newInputStream(pipe); // waits for DuckDB to open the pipe, or for release()
    parts = new CsvParts(in, BUFFER);
  }

  /**
   * Opens the pipe read-write and closes it again: a reader still waiting for a writer (the COPY
   * failed before opening the pipe) then sees the end of the stream. Never blocks.
   */
  private void release() {
    try (RandomAccessFile unblock = new RandomAccessFile(pipe.toFile(), "rw")) {
      // Opening is all it takes.
    } catch (IOException ignored) {
      // The pipe is gone: nobody waits on it.
    }
  }

  /** Waits for the COPY to end and reports its failure. */
  private void finish() throws SQLException, IOException {
    done = true;
    try {
      export.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for the DuckDB export", e);
    }
    if (failure instanceof SQLException e) {
      throw e;
    }
    if (failure != null) {
      throw new SQLException(failure.getMessage(), failure);
    }
    DuckDbDialect.releaseBlocks(source.connection(), DuckDbDialect.memoryLimit(source.config().url()));
  }

  @Override
  public void close() throws IOException {
    done = true;
    try {
      if (in != null) {
        in.close(); // a COPY still writing fails on the closed pipe and ends
      }
      if (export != null) {
        export.join(TimeUnit.MINUTES.toMillis(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (file != null) {
        Files.deleteIfExists(file);
      }
      if (pipe != null) {
        Files.deleteIfExists(pipe);
      }
    }
  }

  private static void mkfifo(Path path) throws IOException {
    Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IOException("mkfifo failed for " + path + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while making a named pipe", e);
    }
  }
}
