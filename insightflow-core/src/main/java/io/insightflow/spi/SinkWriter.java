package io.insightflow.spi;

import io.insightflow.api.Evolving;
import java.util.Optional;

/**
 * Writes one table's run. Used by one thread (the ingest thread); it may publish in the background,
 * bounded, while the source reads the next batch. The caller closes it.
 *
 * @param <C> what {@link #prepareCommit()} returns
 */
@Evolving
public interface SinkWriter<C> extends AutoCloseable {

  /**
   * Where an earlier attempt of this run stopped: the chunk and position after the last batch it
   * made durable. The caller reads on from there; empty for a fresh run.
   */
  Optional<Checkpoint> restored();

  /**
   * Takes ownership of a batch of {@code chunk} and writes it, possibly in the background. Blocks
   * when too many writes are in flight.
   *
   * @throws io.insightflow.api.InsightflowException when an earlier background write failed
   */
  void write(Chunk chunk, RecordBatch batch);

  /**
   * Waits until every batch written so far is durable and records how far the run got, so that a
   * new attempt resumes there. Called when the run stops early (a deadline).
   *
   * @return the position to resume from
   */
  Checkpoint checkpoint();

  /**
   * Waits for every write and returns what the committer publishes. Nothing is visible to readers
   * before the commit.
   */
  C prepareCommit();

  /** Abandons unfinished background writes. Idempotent; after a commit it only releases resources. */
  @Override
  void close();
}
