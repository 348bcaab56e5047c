package io.insightflow.spi;

import io.insightflow.api.Evolving;
import java.util.Optional;

/**
 * Reads one {@link Chunk} as a sequence of {@link RecordBatch}es. Used by one thread; not
 * thread-safe. Memory stays bounded whatever the chunk's size: a batch is written to a staging file,
 * not held in memory.
 */
@Evolving
public interface SourceReader extends AutoCloseable {

  /**
   * The next batch of at most the chunk's batch size rows, or empty at the end of the chunk. Blocks
   * while the source produces it. The caller owns the returned batch's file.
   *
   * @throws io.insightflow.api.SourceException when reading fails
   */
  Optional<RecordBatch> nextBatch();

  /** Stops reading and deletes any unfinished batch file. Idempotent. */
  @Override
  void close();
}
