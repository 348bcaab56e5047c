package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
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
      List<SyncPlan.ObjectPlan> objects = pending.toLoad().stream().map(o -> new SyncPlan.ObjectPlan(o.table(),
          o.key(), o.rows(), o.bytes(), CheckedCopy.copySql(Identifiers.qualified("insightflow.tables",
              catalog.schema(), o.table()), o.columns(), headerMatch, o.format()))).toList();
      return new SyncPlan(lake.describe(), catalog.schema(), options.mode(), objects, pending.upToDate().size(),
          pending.problems(), List.copyOf(SyncScans.keys(scans, options.keys()).values()));
    } catch (SQLException e) {
      throw new InsightflowException("Cannot plan the sync into schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }
}
