package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source contract test catches a source whose chunks read differently each time. */
class SourceContractSelfTest {

  @TempDir
  Path staging;

  @Test
  void assertRereadIdentical_sourceThatDrifts_fails() {
    try (Source source = new DriftingSource()) {
      Chunk chunk = source.plan(TableName.parse("t"), 10).get(0);
      assertThatThrownBy(() -> SourceContractTest.assertRereadIdentical(source, chunk, staging))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("second read of repeatable t#0[all]");
    }
  }

  /** Claims repeatable chunks but returns a different row on every read, as an unordered query might. */
  private static final class DriftingSource implements Source {
    private int reads;

    @Override
    public String name() {
      return "drifting";
    }

    @Override
    public List<RunManifest.Column> describe(TableName table) {
      return List.of(new RunManifest.Column("n", "integer", "INT", false));
    }

    @Override
    public List<Chunk> plan(TableName table, int batchSize) {
      return List.of(new Chunk(table, 0, batchSize, "all", true));
    }

    @Override
    public SourceReader open(Chunk chunk, Position from, Staging staging) {
      int read = ++reads;
      return new SourceReader() {
        boolean done;

        @Override
        public Optional<RecordBatch> nextBatch() {
          if (done) {
            return Optional.empty();
          }
          done = true;
          Path file = staging.newFile();
          try {
            Files.writeString(file, "n\n" + read + "\n");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return Optional.of(RecordBatch.ofFile(file, 1, null, new Position(1)));
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String query(TableName table) {
      return "drift";
    }

    @Override
    public long count(TableName table) {
      return 1;
    }

    @Override
    public void close() {}
  }
}
