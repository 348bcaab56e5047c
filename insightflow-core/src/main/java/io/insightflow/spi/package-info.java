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
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.insightflow.spi.SourceProvider} (or {@code SinkProvider}, or
 * {@code io.insightflow.lake.ObjectStoreProvider} for a lake store) of your jar.
 * {@link io.insightflow.spi.Connectors} looks them up by URL or name, and
 * {@link io.insightflow.spi.ObjectStores} opens a lake by URI scheme. Core's own connectors are registered the same way. A JDBC database needs only an
 * {@link io.insightflow.connect.jdbc.SqlDialect}; see {@code examples/custom-source}.
 *
 * <p>Connector authors can check their implementation with {@code SourceContractTest} and
 * {@code SinkContractTest} from core's test-jar ({@code <type>test-jar</type>}).
 */
package io.insightflow.spi;
