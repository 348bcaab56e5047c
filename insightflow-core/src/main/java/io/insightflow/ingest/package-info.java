/**
 * Batch ingest: warehouse tables into the lake as parts of at most {@code batchSize} rows, with
 * bounded memory, deterministic names and a manifest written last
 * ({@link io.insightflow.ingest.BatchIngest}).
 */
package io.insightflow.ingest;
