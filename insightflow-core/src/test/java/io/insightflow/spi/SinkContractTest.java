package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Sink} keeps, as tests a connector inherits: extend this class, say how
 * to open your sink and how to read back what a commit made visible, and JUnit runs the checks.
 * Shipped in core's test-jar for connectors outside core.
 *
 * @param <C> the sink's committable
 */
public abstract class SinkContractTest<C> {

  private static final List<RunManifest.Column> COLUMNS = List.of(
      new RunManifest.Column("id", "bigint", "BIGINT", false),
      new RunManifest.Column("name", "text", "VARCHAR", true));

  /** Opens the sink under test; each call may return a new instance over the same storage. */
  protected abstract Sink<C> openSink();

  /**
   * The data lines (header excluded, in order) that committed runs of this context's table and
   * trigger time made visible to readers; empty when nothing is visible.
   */
  protected abstract List<String> committedLines(WriteContext context);

  /** A run of a fresh table, so tests never see each other's data. */
  protected WriteContext context() {
    TableName table = TableName.parse("contract_" + UUID.randomUUID().toString().substring(0, 8));
    return new WriteContext(table, COLUMNS, Instant.parse("2024-05-07T09:30:00Z"), "test", "SELECT 1",
        List.of(new Chunk(table, 0, 2, "all", true)));
  }

  @Test
  void close_twice_isHarmless() {
    Sink<C> sink = openSink();
    try (SinkWriter<C> writer = sink.open(context())) {
      writer.close();
    }
    sink.close();
    sink.close();
  }

  @Test
  void write_withoutCommit_isInvisible() {
    WriteContext context = context();
    try (Sink<C> sink = openSink(); SinkWriter<C> writer = sink.open(context)) {
      writer.write(chunk(context), batch(sink, 0, "1,a", "2,b"));
      writer.prepareCommit();
      assertThat(committedLines(context)).isEmpty();
    }
  }

  @Test
  void commit_twice_publishesOnce() {
    WriteContext context = context();
    try (Sink<C> sink = openSink()) {
      C committable;
      try (SinkWriter<C> writer = sink.open(context)) {
        writer.write(chunk(context), batch(sink, 0, "1,a", "2,b"));
        writer.write(chunk(context), batch(sink, 2, "3,\"c, d\""));
        committable = writer.prepareCommit();
      }
      sink.committer().commit(committable);
      sink.committer().commit(committable);
    }
    assertThat(committedLines(context)).containsExactly("1,a", "2,b", "3,\"c, d\"");
  }

  @Test
  void run_again_replacesRatherThanAdds() {
    WriteContext context = context();
    for (String second : List.of("2,b", "2,changed")) {
      try (Sink<C> sink = openSink()) {
        C committable;
        try (SinkWriter<C> writer = sink.open(context)) {
          assertThat(writer.restored()).isEmpty();
          writer.write(chunk(context), batch(sink, 0, "1,a", second));
          committable = writer.prepareCommit();
        }
        sink.committer().commit(committable);
      }
    }
    assertThat(committedLines(context)).containsExactly("1,a", "2,changed");
  }

  @Test
  void checkpoint_thenNewWriter_resumesThereWithoutDuplicates() {
    WriteContext context = context();
    Checkpoint reached;
    try (Sink<C> sink = openSink(); SinkWriter<C> writer = sink.open(context)) {
      writer.write(chunk(context), batch(sink, 0, "1,a", "2,b"));
      reached = writer.checkpoint();
    }
    assertThat(reached).isEqualTo(new Checkpoint(0, new Position(2)));
    assertThat(committedLines(context)).isEmpty();
    try (Sink<C> sink = openSink()) {
      C committable;
      try (SinkWriter<C> writer = sink.open(context)) {
        assertThat(writer.restored()).contains(reached);
        writer.write(chunk(context), batch(sink, 2, "3,c"));
        committable = writer.prepareCommit();
      }
      sink.committer().commit(committable);
    }
    assertThat(committedLines(context)).containsExactly("1,a", "2,b", "3,c");
  }

  private static Chunk chunk(WriteContext context) {
    return context.chunks().get(0);
  }

  /** A batch file in the sink's staging area holding a header and these lines. */
  private static RecordBatch batch(Sink<?> sink, long before, String... lines) {
    Path file = sink.staging().newFile();
    StringBuilder text = new StringBuilder("id,name\n");
    List<String> all = new ArrayList<>(List.of(lines));
    all.forEach(l -> text.append(l).append('\n'));
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return RecordBatch.ofFile(file, lines.length, null, new Position(before + lines.length));
  }
}
