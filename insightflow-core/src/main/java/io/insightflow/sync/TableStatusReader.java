package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@link LakeSync#status}: the whole lake listed against the catalog, per table. Reads only. */
record TableStatusReader(PostgresConnectionOptions target, SyncCatalog catalog, Clock clock) {

  /** See {@link LakeSync#status}. */
  List<TableStatus> read(ObjectStore lake, SyncOptions options) {
    SyncOptions all = options.wholeLake();
    try (Connection c = target.connect()) {
      boolean exists = catalog.exists(c);
      List<LakeScanner.Scan> scans = SyncScans.of(null, catalog, lake, all);
      Map<String, TableKeys> keys = SyncScans.keys(scans, options.keys());
      Map<String, Instant> newestInLake = SyncScans.newestComplete(scans);
      Instant now = clock.instant();
      Map<String, String> loaded = exists ? catalog.loadedVersions(c) : Map.of();
      Map<String, String> failed = exists ? catalog.failedVersions(c) : Map.of();
      Map<String, long[]> inLake = new TreeMap<>();
      for (LakeScanner.Scan scan : scans) {
        for (LakeObject o : scan.complete) {
          long[] n = inLake.computeIfAbsent(o.table(), t -> new long[3]);
          n[0]++;
          if (Objects.equals(loaded.get(o.key()), o.version())) {
            n[1]++;
          } else if (Objects.equals(failed.get(o.key()), o.version())) {
            n[2]++;
          }
        }
      }
      Map<String, Object[]> totals = new LinkedHashMap<>();
      if (exists) {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, coalesce(sum(rows_loaded) FILTER"
            + " (WHERE " + SyncCatalog.STATE_OF_L + " = '" + SyncCatalog.LOADED_STATE + "'), 0), max(partition_time) FROM "
            + catalog.table(SyncCatalog.LOADED) + " l GROUP BY table_name");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            totals.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getTimestamp(3).toInstant()});
            inLake.computeIfAbsent(rs.getString(1), t -> new long[3]);
          }
        }
      }
      List<TableStatus> out = new ArrayList<>();
      inLake.forEach((table, n) -> {
        if (!options.tables().isEmpty() && !options.tables().contains(table)) {
          return;
        }
        Object[] t = totals.getOrDefault(table, new Object[] {0L, null});
        TableKeys tableKeys = keys.getOrDefault(table, TableKeys.resolve(table, options.keys(), new LakeKeys()));
        out.add(new TableStatus(table, n[0], n[1], n[0] - n[1], n[2], (Long) t[0], (Instant) t[1], tableKeys,
            options.writeMode(table), options.schemaChanges(table),
            TableFreshness.of(table, (Instant) t[1], newestInLake.get(table), now)));
      });
      return out;
    } catch (SQLException e) {
      throw new InsightflowException("Cannot read the sync status of schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }
}
