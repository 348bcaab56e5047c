/**
 * Sync: loads complete runs of the raw lake into PostgreSQL with {@code COPY}, exactly once per
 * object. Entry point: {@link io.insightflow.sync.LakeSync}; configuration:
 * {@link io.insightflow.sync.SyncOptions}.
 * The loads go through {@code PostgresSink}, the PostgreSQL sink of the
 * connector SPI, which ingest can also write to directly.
 *
 * <h2>Tables the engine keeps in the target schema</h2>
 * <ul>
 *   <li>{@code _insightflow_loaded}: one row per loaded object (key, table, run id, CRC32C, ETag,
 *       rows loaded and rejected, partition time, load time, state) and its integer id. The row commits in
 *       the same transaction as the object's COPY. Its {@code state} is {@code loaded}, or, for a
 *       table in write mode {@link io.insightflow.sync.WriteMode#REPLACE replace}, {@code superseded}:
 *       an object of a run older than the one the table holds, recorded without loading (or whose
 *       rows a newer run replaced).</li>
 *   <li>{@code _insightflow_failed}: the last failure of objects that did not load.</li>
 *   <li>{@code _insightflow_watermark}: per table and layout, where the next incremental listing
 *       starts.</li>
 *   <li>{@code _insightflow_stage_<hash>}: the batches of an ingest run into the sink
 *       {@code postgresql} ({@code PostgresSink}) until its commit moves them
 *       into the table; dropped by that commit.</li>
 * </ul>
 * Every target table gets a column {@code _insightflow_object int} holding the id of the object
 * each row came from; it is filled by a column default, {@code _insightflow_object_id()}, which
 * reads a transaction-local setting and which COPY folds into a constant once per statement, so COPY
 * still streams the object's bytes unchanged at no per-row cost. Replacing a rewritten object deletes
 * its rows by this id (a sequential scan of the table: rewrites are rare, an index would tax every
 * load).
 */
package io.insightflow.sync;
