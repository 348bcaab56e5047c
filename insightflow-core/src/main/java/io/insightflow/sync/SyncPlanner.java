package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import io.insightflow.internal.sql.PostgresType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link LakeSync#plan}: the dry run of a sync. Reads the lake and PostgreSQL, writes nothing. */
record SyncPlanner(PostgresConnectionOptions target, SyncCatalog catalog) {

  /** See {@link LakeSync#plan}. */
  SyncPlan plan(ObjectStore lake, SyncOptions options) {
    try (Connection c = target.connect()) {
      boolean exists = catalog.exists(c);
      boolean headerMatch = CheckedCopy.headerMatch(c);
      // Without a catalog there is no watermark either: list everything, as the first sync would.
      List<LakeScanner.Scan> scans = SyncScans.of(exists ? c : null, catalog, lake, options);
      Map<String, String> loaded = exists ? catalog.loadedVersions(c) : Map.of();
      PendingObjects pending = PendingObjects.select(scans, loaded, options);
      List<SyncPlan.ReplacePlan> replaces = new ArrayList<>();
      List<LakeObject> toLoad = new ArrayList<>();
      for (ReplaceRuns.Work w : ReplaceRuns.group(scans, pending.toLoad(), options)) {
        ReplaceRuns.Position holds = exists ? catalog.currentRun(c, w.table()) : null;
        boolean newer = holds == null || holds.compareTo(w.position()) <= 0;
        String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), w.table());
        replaces.add(new SyncPlan.ReplacePlan(w.table(), w.position().manifestKey(),
            holds == null ? null : holds.manifestKey(), newer, List.of("BEGIN", "SELECT pg_try_advisory_xact_lock("
                + "hashtextextended('replace:" + catalog.schema() + "." + w.table() + "', 0))",
                "DELETE FROM " + qualified, "COPY each part (below), then record the parts in "
                + catalog.table(SyncCatalog.LOADED) + " and every other object of the table as superseded",
                "COMMIT"), w.older().stream().map(LakeObject::key).toList()));
        if (newer) {
          toLoad.addAll(w.run());
        }
      }
      pending.toLoad().stream().filter(o -> !ReplaceRuns.replaces(options, o)).forEach(toLoad::add);
      Map<String, TableKeys> keys = SyncScans.keys(scans, options.keys());
      List<ObjectFailure> problems = new ArrayList<>(pending.problems());
      List<SyncPlan.ObjectPlan> objects = new ArrayList<>();
      Map<String, Map<String, String>> tables = new HashMap<>();
      for (LakeObject o : toLoad) {
        String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), o.table());
        List<String> schemaSql;
        try {
          schemaSql = schemaChanges(c, tables, o, qualified, options);
        } catch (SchemaChangeException | io.insightflow.api.LakeException e) {
          String column = e instanceof SchemaChangeException s ? s.column() : null;
          problems.add(new ObjectFailure(o.table(), o.key(), 0, column, e.getMessage()
              + (e instanceof SchemaChangeException ? " [object " + o.key() + "]" : "")));
          continue;
        }
        if (options.writeMode(o.table()) != WriteMode.MERGE) {
          objects.add(new SyncPlan.ObjectPlan(o.table(), o.key(), o.rows(), o.bytes(),
              CheckedCopy.copySql(qualified, o, headerMatch), schemaSql));
          continue;
        }
        List<String> key = keys.getOrDefault(o.table(), TableKeys.none(o.table())).columns();
        try {
          if (key.isEmpty()) {
            throw new InsightflowException("Cannot merge object into table " + o.table() + ": the table has no key;"
                + " set " + InsightflowProperties.SYNC_KEYS.nameFor(o.table()) + "=<column>[,<column>…] [object "
                + o.key() + "]");
          }
          MergeTransaction.checkColumns(o, key, options.mergeRules().forTable(o.table()));
        } catch (InsightflowException e) {
          problems.add(new ObjectFailure(o.table(), o.key(), 0, null, e.getMessage()));
          continue;
        }
        MergeRules.TableMerge rules = options.mergeRules().forTable(o.table());
        Map<String, String> types = tables.get(o.table());
        List<String> sql = new ArrayList<>();
        if (rules.deleteMarker() == null && rules.orderBy() == null) {
          sql.addAll(List.of("SAVEPOINT fresh_keys", "SELECT pg_advisory_xact_lock_shared("
              + "hashtextextended('" + MergeTransaction.lockName(catalog, o.table()) + "', 0))",
              CheckedCopy.copySql(qualified, o, headerMatch),
              "-- when none of its keys was in the table, that is all (FreshKeysCopy); else ROLLBACK TO SAVEPOINT"
              + " fresh_keys"));
        }
        if (rules.softDelete() != null && !types.containsKey(rules.softDelete())) {
          sql.add(MergeTransaction.softDeleteSql(qualified, rules.softDelete()));
          types.put(rules.softDelete(), "timestamp with time zone");
        }
        sql.addAll(MergeTransaction.stageSql(qualified, o.columns(), key, rules));
        sql.add(CheckedCopy.copySql(MergeTransaction.STAGE, o, headerMatch));
        sql.add("SELECT pg_advisory_xact_lock(hashtextextended('" + MergeTransaction.lockName(catalog, o.table())
            + "', 0))");
        // The ordering column's type as the table has it after this object's changes (the staging table copies it).
        String orderType = rules.orderBy() == null ? null : types.get(rules.orderBy());
        new MergeSql(catalog, o.table(), o.columns(), key, rules, orderType,
            MergeSql.plain(c, qualified, tables.getOrDefault(o.table(), Map.of()).keySet())).steps().forEach(step -> sql.add(step.sql()));
        objects.add(new SyncPlan.ObjectPlan(o.table(), o.key(), o.rows(), o.bytes(), String.join(";\n       ", sql),
            schemaSql));
      }
      return new SyncPlan(lake.describe(), catalog.schema(), options.mode(), objects, pending.upToDate().size(),
          problems, List.copyOf(keys.values()), replaces);
    } catch (SQLException e) {
      throw new InsightflowException("Cannot plan the sync into schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  /**
   * The ALTERs the object's transaction would run ({@link ColumnChanges}), against the table as the
   * objects planned before it leave it ({@code tables}: table → column → type, read once).
   */
  private static List<String> schemaChanges(Connection c, Map<String, Map<String, String>> tables, LakeObject o,
      String qualified, SyncOptions options) throws SQLException {
    TableDdl.check(o);
    Map<String, String> columns = tables.get(o.table());
    if (columns == null) {
      columns = new HashMap<>(TableDdl.columns(c, qualified));
      tables.put(o.table(), columns);
    }
    if (columns.isEmpty()) {
      o.columns().forEach(col -> tables.get(o.table()).put(col.name(), PostgresType.parse(col.type()).sql()));
      return List.of(); // created by the first object, as the manifest says
    }
    List<String> sql = new ArrayList<>();
    for (ColumnChanges.Change change : ColumnChanges.of(o, columns, options.schemaChanges(o.table()))) {
      List<String> views = change.added() ? List.of() : TableDdl.viewsOn(c, qualified, change.column());
      if (!views.isEmpty()) {
        throw new SchemaChangeException(change.column(), TableDdl.blockedByViews(o, qualified, change, views));
      }
      sql.add(change.sql(qualified));
      columns.put(change.column(), change.type().sql());
    }
    return sql;
  }
}
