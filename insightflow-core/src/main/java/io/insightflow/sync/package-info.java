/**
 * Sync: loads complete runs of the raw lake into PostgreSQL with {@code COPY}, exactly once per
 * object. Entry point: {@link io.insightflow.sync.LakeSync}; configuration:
 * {@link io.insightflow.sync.SyncOptions}.
 *
 * <p>This package is also <b>the PostgreSQL sink</b> of the connector SPI ({@code PostgresSink},
 * registered as {@code postgresql} by {@link io.insightflow.sync.PostgresSinkProvider}): sync's loads
 * go through it, and ingest writes to it directly with {@code insightflow.ingest.sink=postgresql},
 * so both share one ledger and one checked {@code COPY}. The classes, in the order a sync uses them:
 * <ul>
 *   <li>Plan: {@code SyncRun} runs one sync; {@code SyncScans} and {@code LakeScanner} list the
 *       complete objects ({@code LakeObject}; {@code ExternalSchema} for objects other writers
 *       deliver), {@code Watermarks} bound the listing, {@code PendingObjects} is what is left to
 *       load, {@code SyncPlanner} the dry run.</li>
 *   <li>Load: {@code ParallelLoad} (one worker per connection) → {@code ObjectLoader} (one object,
 *       with {@code Reconnect} and {@code SyncDeadline}) → {@code PostgresSink} →
 *       {@code ObjectLoadTransaction} (a lake object), {@code MergeTransaction} (a lake object of a
 *       merge table: staged, then upserted in lake order; {@code FreshKeysCopy} COPYs one whose keys
 *       the table lacks straight in), {@code ReplaceTransaction} (a replace
 *       table's run) or {@code StagedRun} (an ingest run's batches; {@code StagedMerge} upserts them
 *       into a merge table)
 *       → {@code LoadCommitter} (ledger rows and COMMIT, once); {@code IdleConnections} lends the
 *       connections.</li>
 *   <li>Check: {@code CheckedCopy} and {@code CheckedObject} hold every object to its manifest and
 *       {@code LoadLimits}; {@code RejectingCopy}, {@code RecordCheck} and {@code CsvRecord} are the
 *       path of {@code OnError.REJECT}; {@code JsonLinesTranscoder} feeds JSON lines to COPY.</li>
 *   <li>Target schema: {@code SyncCatalog} (the tables below), {@code TableDdl} (with the schema change rules
 *       {@code ColumnChanges} and {@code TypeWidening}), {@code LedgerEntry}.</li>
 *   <li>Report: {@code SyncResult}, {@code SyncProgress}, {@code ObjectFailure}, {@code TableStatus}.</li>
 * </ul>
 * The sink lives here, not in {@code io.insightflow.connect.postgres}, because it is this load path:
 * it is built from {@code ObjectLoadTransaction}, {@code StagedRun}, {@code LoadCommitter},
 * {@code IdleConnections}, {@code SyncCatalog}, {@code TableDdl} and {@code CheckedCopy}, and they,
 * {@code ObjectLoader} and {@code ParallelLoad} use its package-private members ({@code Load},
 * {@code PendingCommit}, {@code LakeData}, {@code Failure}, the sync's constructor). Elsewhere it
 * would need a package cycle, or half this package moved with it and made public.
 * {@code connect.postgres} holds what sync and the sink share with the rest: the connection options.
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
