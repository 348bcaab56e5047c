package io.insightflow.sync;

import io.insightflow.api.Evolving;
import java.time.Instant;

/**
 * The sync state of one table, from {@link LakeSync#status}.
 *
 * @param table the target table
 * @param objectsInLake objects of complete runs in the lake
 * @param objectsLoaded of those, objects loaded with their current content
 * @param objectsPending objects in the lake not loaded (or changed since loaded)
 * @param objectsFailed of the pending ones, objects whose last load attempt failed
 * @param rowsLoaded rows loaded into the table by sync (all loaded objects)
 * @param lastLoadedPartition newest partition time among loaded objects, or null when none
 */
@Evolving
public record TableStatus(String table, long objectsInLake, long objectsLoaded, long objectsPending,
    long objectsFailed, long rowsLoaded, Instant lastLoadedPartition) {}
