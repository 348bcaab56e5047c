package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.layout.RunManifest;
import java.util.List;

/**
 * An open connection to one source (a warehouse, an API), from which tables are read chunk by
 * chunk. Created by {@link SourceProvider#open}; the caller closes it.
 *
 * <p>One thread uses a source at a time (the ingest thread); a source may keep one connection
 * and at most one open {@link SourceReader}. A source that can read a table with several
 * connections at once says so in {@link #readers()}, and each of those readers uses a
 * {@link #fork()} of its own. Methods may block on I/O. Failures are reported as
 * {@link io.insightflow.api.SourceException} naming the table.
 */
@Evolving
public interface Source extends AutoCloseable {

  /** The name recorded in manifests as the data's origin, usually the provider's name. */
  String name();

  /**
   * The table's columns, in the order the batches carry them, read without fetching rows.
   *
   * @throws io.insightflow.api.SourceException if the table does not exist or cannot be read
   */
  List<RunManifest.Column> describe(TableName table);

  /**
   * Splits the table into chunks that together hold every row once. Deterministic: the same table
   * content and batch size give the same chunks, and each chunk's batches are at most
   * {@code batchSize} rows. Cheap compared with reading (metadata or one aggregate at most).
   *
   * @return at least one chunk, in reading order, indexes from 0
   */
  List<Chunk> plan(TableName table, int batchSize);

  /**
   * Opens a reader of one chunk. Re-reading a chunk of an unchanged table yields the same batches
   * byte for byte, which is what makes resume and retry safe.
   *
   * @param from {@link Position#START}, or the {@link RecordBatch#end()} of a batch read before
   * @param staging where the reader creates the files of its batches
   * @return a reader the caller closes
   */
  SourceReader open(Chunk chunk, Position from, Staging staging);

  /**
   * The table's primary key: its columns in key order, as {@link #describe} names them, or empty
   * when the table has none or the source cannot tell (the default). Recorded in the run's manifest,
   * it is the key sync merges on unless configuration says otherwise. Called by the ingest thread
   * after {@link #describe}; may block (a metadata query). [#21]
   *
   * @throws io.insightflow.api.SourceException if the table's metadata cannot be read
   */
  default List<String> primaryKey(TableName table) {
    return List.of();
  }

  /** The query (or request) that reads the table, recorded in manifests as the data's lineage. */
  String query(TableName table);

  /**
   * The table's current row count, for dry runs.
   *
   * @throws io.insightflow.api.SourceException if the table cannot be read
   */
  long count(TableName table);

  /**
   * How many readers may read chunks of one table at once, each on a {@link #fork()}: 1 (the
   * default) when this source cannot give several connections the same view of the data, in which
   * case the caller reads the chunks one after another on this source. Cheap, no I/O; called by the
   * ingest thread after {@link #plan}. [#13]
   */
  default int readers() {
    return 1;
  }

  /**
   * A source on a connection of its own that reads the same data as this one: chunks of the plan
   * this source made, read through any fork while the forks are open, together hold every row of
   * one consistent state of the table exactly once (for PostgreSQL, one exported snapshot). Called
   * by the ingest thread; may block (it connects). Each fork is then used by one reader thread,
   * and the caller closes every fork before it plans another table or closes this source; this
   * source keeps what the forks share (the snapshot) until its last fork is closed. A fork of a
   * fork shares the same data. [#13]
   *
   * @throws UnsupportedOperationException when {@link #readers()} is 1
   * @throws io.insightflow.api.InsightflowException when this source is closed, or the new connection fails
   */
  default Source fork() {
    throw new UnsupportedOperationException(name() + " reads a table with one reader; it cannot fork");
  }

  /** The statements (or requests) that reading the chunks would issue, for dry runs; runs nothing. */
  default List<String> statements(List<Chunk> chunks) {
    return List.of();
  }

  /** Releases the connection. Idempotent. */
  @Override
  void close();
}
