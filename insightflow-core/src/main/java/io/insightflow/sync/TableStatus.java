package io.insightflow.sync;

import java.time.Instant;

/**
 * Where one table stands between lake and PostgreSQL.
 *
 * @param table the table
 * @param lakeObjects data objects of complete runs in the lake
 * @param loaded of those, loaded with their current content
 * @param pending not loaded yet (or rewritten since)
 * @param failed whose last attempt failed
 * @param rows rows loaded from the lake objects
 * @param lastLoadedPartition the newest partition time loaded, or null
 */
public record TableStatus(String table, int lakeObjects, int loaded, int pending, int failed, long rows,
    Instant lastLoadedPartition) {}
