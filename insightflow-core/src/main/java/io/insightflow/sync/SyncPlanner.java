package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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
      List<SyncPlan.ObjectPlan> objects = toLoad.stream().map(o -> new SyncPlan.ObjectPlan(o.table(),
          o.key(), o.rows(), o.bytes(), CheckedCopy.copySql(Identifiers.qualified("insightflow.tables",
              catalog.schema(), o.table()), o.columns(), headerMatch, o.format()))).toList();
      return new SyncPlan(lake.describe(), catalog.schema(), options.mode(), objects, pending.upToDate().size(),
          pending.problems(), List.copyOf(SyncScans.keys(scans, options.keys()).values()), replaces);
    } catch (SQLException e) {
      throw new InsightflowException("Cannot plan the sync into schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }
}
