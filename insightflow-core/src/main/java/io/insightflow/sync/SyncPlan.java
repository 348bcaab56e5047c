package io.insightflow.sync;

import io.insightflow.api.Evolving;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link LakeSync#sync} with the same options would load now, computed without writing
 * anything ({@link LakeSync#plan}).
 *
 * @param lake the lake, as {@link io.insightflow.spi.ObjectStore#describe()} shows it
 * @param schema the target schema
 * @param mode the sync mode
 * @param objects the objects that would load, in load order
 * @param objectsLoaded complete objects skipped because they are loaded with the same content
 * @param problems objects or runs that would fail before any COPY (such as an unreadable manifest)
 * @param keys the effective key of each table listed, and where it comes from ({@link TableKeys#resolve}) [#21]
 */
@Evolving
public record SyncPlan(String lake, String schema, SyncMode mode, List<ObjectPlan> objects,
    long objectsLoaded, List<ObjectFailure> problems, List<TableKeys> keys) {

  public SyncPlan {
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
    keys = keys == null ? List.of() : List.copyOf(keys);
  }

  /** A plan that shows no keys. */
  public SyncPlan(String lake, String schema, SyncMode mode, List<ObjectPlan> objects, long objectsLoaded,
      List<ObjectFailure> problems) {
    this(lake, schema, mode, objects, objectsLoaded, problems, List.of());
  }

  /** The plan for people: a header line, then each object with its COPY statement. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Plan: sync " + objects.size() + " objects, " + objects.stream().mapToLong(ObjectPlan::rows).sum()
        + " rows from " + lake + " into schema " + schema + " (mode " + mode.name().toLowerCase(Locale.ROOT)
        + ", " + objectsLoaded + " objects already loaded; dry run, nothing written)");
    for (TableKeys k : keys) {
      lines.add("table " + k.table() + ": key " + k.describe());
      k.notes().forEach(n -> lines.add("  note " + n));
    }
    for (ObjectPlan o : objects) {
      lines.add("object " + o.key() + " -> table " + o.table() + ": " + o.rows() + " rows, " + o.bytes() + " bytes");
      lines.add("  sql  " + o.sql());
    }
    problems.forEach(p -> lines.add("problem " + p.message()));
    return lines;
  }

  /**
   * One object that would load.
   *
   * @param table the target table
   * @param key the object key
   * @param rows rows, from the run manifest
   * @param bytes size in bytes
   * @param sql the COPY statement that would load it
   */
  public record ObjectPlan(String table, String key, long rows, long bytes, String sql) {}
}
