package io.insightflow.sync;

import io.insightflow.api.Evolving;
import java.time.Instant;
import java.util.Objects;

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
 * @param keys the table's effective key and where it comes from ({@link TableKeys#resolve}) [#21]
 * @param writeMode the table's write mode ({@code insightflow.sync.writeMode}); for
 *     {@link WriteMode#REPLACE}, loaded objects and rows count the run the table holds (superseded
 *     objects count as loaded, rows of replaced runs do not)
 * @param schemaChanges what the table does with an object whose columns differ from its own
 *     ({@code insightflow.sync.schemaChanges}) [#21]
 * @param freshness newest partition loaded and newest complete in the lake, and their lag behind now
 *     (null only from the constructor without it) [#23]
 */
@Evolving
public record TableStatus(String table, long objectsInLake, long objectsLoaded, long objectsPending,
    long objectsFailed, long rowsLoaded, Instant lastLoadedPartition, TableKeys keys, WriteMode writeMode,
    SchemaChangeMode schemaChanges, TableFreshness freshness) {

  /** A status without freshness. */
  public TableStatus(String table, long objectsInLake, long objectsLoaded, long objectsPending, long objectsFailed,
      long rowsLoaded, Instant lastLoadedPartition, TableKeys keys, WriteMode writeMode,
      SchemaChangeMode schemaChanges) {
    this(table, objectsInLake, objectsLoaded, objectsPending, objectsFailed, rowsLoaded, lastLoadedPartition, keys,
        writeMode, schemaChanges, null);
  }

  public TableStatus {
    keys = keys == null ? TableKeys.none(table) : keys;
    Objects.requireNonNull(writeMode, "writeMode");
    Objects.requireNonNull(schemaChanges, "schemaChanges");
  }
}
