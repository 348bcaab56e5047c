/**
 * The connector SPI: how insightflow reads from sources and writes to sinks, so that a new
 * warehouse, API or store plugs in from its own jar without an edit to core.
 *
 * <p>Ingest is {@code Source → Sink}. A {@link io.insightflow.spi.Source} splits a table into
 * deterministic {@link io.insightflow.spi.Chunk}s and reads one chunk at a time through a
 * {@link io.insightflow.spi.SourceReader}, as {@link io.insightflow.spi.RecordBatch}es of encoded
 * bytes (a CSV part), each carrying the {@link io.insightflow.spi.Position} reached. A
 * {@link io.insightflow.spi.Sink} writes batches with a {@link io.insightflow.spi.SinkWriter} and
 * publishes them with an idempotent {@link io.insightflow.spi.Committer}. Because a chunk re-read
 * gives the same batches and part names are deterministic, a stopped run resumes at the first
 * unfinished chunk and a retried one overwrites rather than duplicates.
 *
 * <p>The lake is an {@link io.insightflow.spi.ObjectStore}: a flat key space with atomic per-object
 * writes, ordered listing with start-after, and reads pinned to the {@link io.insightflow.spi.ObjectInfo}
 * a listing saw, which fail with {@link io.insightflow.spi.ObjectChangedException} when the object
 * changes meanwhile. An {@link io.insightflow.spi.ObjectStoreProvider} serves one URI scheme of
 * {@code insightflow.lake}, and {@link io.insightflow.spi.ObjectStores} opens the lake by it. Core's
 * stores implement it like any other: the local directory in {@code io.insightflow.lake}, S3 in
 * {@code io.insightflow.connect.s3}.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.insightflow.spi.SourceProvider} (or {@code SinkProvider}, or
 * {@code ObjectStoreProvider} for a lake store) of your jar. {@link io.insightflow.spi.Connectors}
 * looks them up by URL, name or scheme. Core's own connectors are registered the same way. A JDBC
 * database needs only an {@link io.insightflow.connect.jdbc.SqlDialect}; see
 * {@code examples/custom-source}.
 *
 * <p>Connector authors can check their implementation with {@code SourceContractTest},
 * {@code SinkContractTest} and {@code ObjectStoreContract} from core's test-jar ({@code <type>test-jar</type>}).
 */
package io.insightflow.spi;
