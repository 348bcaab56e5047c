package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Source} keeps, as tests a connector inherits: extend this class, say
 * how to open your source and which table to read, and JUnit runs the checks. Shipped in core's
 * test-jar ({@code io.insightflow:insightflow-core:test-jar}) for connectors outside core.
 *
 * <p>The table must hold {@link #rows()} rows, more than {@link #batchSize()} so that a chunk has
 * several batches (or the plan several chunks), and must not change while the tests run.
 */
public abstract class SourceContractTest {

  @TempDir
  protected Path staging;

  /** Opens a new source (a new connection) on the test data. */
  protected abstract Source openSource();

  /** The table the tests read. */
  protected abstract TableName table();

  /** Rows in the table. */
  protected abstract long rows();

  /** A batch size that splits the table into several batches. */
  protected int batchSize() {
    return (int) Math.max(1, rows() / 4);
  }

  @Test
  void close_twice_isHarmless() {
    Source source = openSource();
    source.close();
    source.close();
  }

  @Test
  void readerClose_twice_isHarmlessAndLeavesNoFile() {
    try (Source source = openSource()) {
      Chunk chunk = source.plan(table(), batchSize()).get(0);
      SourceReader reader = source.open(chunk, Position.START, this::newStagingFile);
      reader.close();
      reader.close();
    }
    assertThat(staging.toFile().list()).isEmpty();
  }

  /** [#21] A key names columns that describe reports, each once; reading it leaves the source usable. */
  @Test
  void primaryKey_namesDescribedColumnsOnce_andReadingGoesOn() {
    try (Source source = openSource()) {
      List<String> key = source.primaryKey(table());
      List<String> columns = source.describe(table()).stream().map(c -> c.name()).toList();

      assertThat(columns).containsAll(key);
      assertThat(key).doesNotHaveDuplicates();
      assertThat(source.primaryKey(table())).isEqualTo(key);
      assertThat(source.plan(table(), batchSize())).isNotEmpty();
    }
  }

  @Test
  void plan_twice_isIdenticalAndNumbered() {
    try (Source source = openSource()) {
      List<Chunk> first = source.plan(table(), batchSize());
      assertThat(source.plan(table(), batchSize())).isEqualTo(first);
      assertThat(first).isNotEmpty();
      for (int i = 0; i < first.size(); i++) {
        assertThat(first.get(i).index()).isEqualTo(i);
        assertThat(first.get(i).batchSize()).isEqualTo(batchSize());
      }
    }
  }

  @Test
  void read_everyChunk_yieldsEveryRowOnceInBoundedBatches() {
    long total = 0;
    try (Source source = openSource()) {
      for (Chunk chunk : source.plan(table(), batchSize())) {
        for (Batch batch : readAll(source, chunk, Position.START)) {
          assertThat(batch.rows).isLessThanOrEqualTo(batchSize());
          assertThat(batch.lines()).as("data lines of %s", chunk).hasSizeGreaterThanOrEqualTo((int) batch.rows);
          total += batch.rows;
        }
      }
      assertThat(source.count(table())).isEqualTo(rows());
    }
    assertThat(total).isEqualTo(rows());
  }

  @Test
  void read_chunkTwice_givesTheSameBatches() {
    try (Source source = openSource()) {
      for (Chunk chunk : source.plan(table(), batchSize())) {
        assertRereadIdentical(source, chunk, staging);
      }
    }
  }

  @Test
  void open_atABatchEnd_continuesWithTheBatchesThatFollowed() {
    try (Source source = openSource()) {
      for (Chunk chunk : source.plan(table(), batchSize())) {
        if (!chunk.repeatable()) {
          continue; // such a chunk is read again from its start (Chunk#repeatable)
        }
        List<Batch> all = readAll(source, chunk, Position.START);
        for (int k = 0; k < all.size(); k++) {
          List<Batch> rest = readAll(source, chunk, all.get(k).end);
          assertThat(rest).as("%s opened at %s", chunk, all.get(k).end).isEqualTo(all.subList(k + 1, all.size()));
        }
      }
    }
  }

  /**
   * Asserts that two reads of a chunk give the same batches: byte for byte when the chunk is
   * {@link Chunk#repeatable()}, else the same rows in some order.
   */
  public static void assertRereadIdentical(Source source, Chunk chunk, Path staging) {
    List<Batch> first = readAll(source, chunk, Position.START, staging);
    List<Batch> second = readAll(source, chunk, Position.START, staging);
    if (chunk.repeatable()) {
      assertThat(second).as("second read of repeatable %s", chunk).isEqualTo(first);
    } else {
      assertThat(lines(second)).as("rows of a second read of %s", chunk).containsExactlyInAnyOrderElementsOf(lines(first));
    }
  }

  private List<Batch> readAll(Source source, Chunk chunk, Position from) {
    return readAll(source, chunk, from, staging);
  }

  private static List<Batch> readAll(Source source, Chunk chunk, Position from, Path staging) {
    List<Batch> out = new ArrayList<>();
    try (SourceReader reader = source.open(chunk, from, () -> newFile(staging))) {
      Optional<RecordBatch> next;
      while ((next = reader.nextBatch()).isPresent()) {
        RecordBatch b = next.get();
        try (InputStream in = b.data().open()) {
          out.add(new Batch(in.readAllBytes(), b.rows(), b.end()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          b.data().discard();
        }
      }
    }
    return out;
  }

  private static List<String> lines(List<Batch> batches) {
    return batches.stream().flatMap(b -> b.lines().stream()).toList();
  }

  private Path newStagingFile() {
    return newFile(staging);
  }

  private static Path newFile(Path dir) {
    try {
      return Files.createTempFile(dir, "batch", ".csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A batch as read: its bytes, rows and end position. */
  record Batch(byte[] bytes, long rows, Position end) {
    /** The lines after the header (a field with a line break spans two; fine for comparisons). */
    List<String> lines() {
      String[] all = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
      return Arrays.asList(all).subList(1, Math.max(1, all.length - 1));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Batch b && Arrays.equals(bytes, b.bytes) && rows == b.rows && end.equals(b.end);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Batch[rows=" + rows + ", bytes=" + bytes.length + ", end=" + end + "]";
    }
  }
}
