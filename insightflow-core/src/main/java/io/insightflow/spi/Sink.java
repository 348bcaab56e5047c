package io.insightflow.spi;

import io.insightflow.api.Evolving;

/**
 * A destination of ingest runs. For each table of a run it opens a {@link SinkWriter}, which takes
 * the batches and hands back a committable, and its {@link Committer} publishes that committable
 * (the shape of Flink's FLIP-143 writer and committer).
 *
 * <p>Thread-safe: writers for different tables may be open at once. The caller closes the sink
 * after its writers.
 *
 * @param <C> what a writer hands to the committer
 */
@Evolving
public interface Sink<C> extends AutoCloseable {

  /**
   * Opens the writer of one table's run. When an earlier attempt of the same run (same table and
   * trigger time) stopped part way and the sink kept its progress, the writer starts from there:
   * see {@link SinkWriter#restored()}.
   */
  SinkWriter<C> open(WriteContext context);

  /** The committer of this sink's writers. */
  Committer<C> committer();

  /**
   * Where sources should write the files of their batches so this sink publishes them cheapest (on a
   * local lake, the same file system). By default the system's temporary directory.
   */
  default Staging staging() {
    return () -> {
      try {
        return java.nio.file.Files.createTempFile("insightflow-batch", ".csv");
      } catch (java.io.IOException e) {
        throw new io.insightflow.api.LakeException(System.getProperty("java.io.tmpdir"),
            "Cannot create a staging file: " + e.getMessage(), e);
      }
    };
  }

  /** A description for logs and messages, without secrets. */
  String describe();

  /** Releases the sink's clients. Idempotent. */
  @Override
  void close();
}
