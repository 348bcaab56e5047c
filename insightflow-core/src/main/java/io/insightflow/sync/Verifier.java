package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import io.insightflow.sync.VerifyReport.Divergence;
import io.insightflow.sync.VerifyReport.Kind;
import io.insightflow.sync.VerifyReport.NotLoaded;
import io.insightflow.sync.VerifyReport.ObjectCheck;
import io.insightflow.sync.VerifyReport.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

/**
 * {@link LakeSync#verify}: the whole lake listed against the ledger and the target tables. Reads only.
 * Per table it runs one grouped query of the rows by object id (and, for a merge table, one of its
 * keys), never a query per object; it reads an object's bytes only when its ETag changed while its
 * manifest still vouches for the CRC32C loaded (a rewrite, with the same content or not). [#23]
 */
record Verifier(PostgresConnectionOptions target, SyncCatalog catalog, Clock clock) {

  /** One object of the ledger. */
  private record Recorded(int id, String key, String version, String etag, long bytes, long rows, long rejected,
      Instant partitionTime, boolean loaded) {}

  /** What the lake holds, over every scan. */
  private record Lake(Map<String, LakeObject> complete, Map<String, ObjectInfo> listed,
      Map<String, Map<String, String>> problems) {}

  /** See {@link LakeSync#verify}. */
  VerifyReport verify(ObjectStore store, SyncOptions options) {
    Instant now = clock.instant();
    boolean window = options.mode() == SyncMode.WINDOW;
    try (Connection c = target.connect()) {
      boolean exists = catalog.exists(c);
      List<LakeScanner.Scan> scans = SyncScans.of(null, catalog, store, options.wholeLake());
      Map<String, TableKeys> keys = SyncScans.keys(scans, options.keys());
      Map<String, Instant> newestInLake = SyncScans.newestComplete(scans);
      Map<String, List<Recorded>> ledger = exists ? ledger(c) : Map.of();
      Map<String, String[]> failures = exists ? catalog.failures(c) : Map.of();
      Map<String, Lake> lakes = new TreeMap<>();
      for (LakeScanner.Scan scan : scans) {
        Lake lake = lakes.computeIfAbsent(scan.listedTable, t -> new Lake(new LinkedHashMap<>(), new LinkedHashMap<>(),
            new LinkedHashMap<>()));
        scan.complete.forEach(o -> lake.complete().put(o.key(), o));
        lake.listed().putAll(scan.listed);
        scan.problems.forEach(p -> lake.problems().computeIfAbsent(p.key(), k -> new LinkedHashMap<>()).put(p.message(), ""));
      }
      Set<String> tables = new TreeSet<>(ledger.keySet());
      tables.addAll(lakes.keySet());
      tables.remove("");
      if (!options.tables().isEmpty()) {
        tables.retainAll(options.tables());
      }
      List<VerifyReport.TableCheck> checks = new ArrayList<>();
      List<Divergence> divergences = new ArrayList<>();
      List<NotLoaded> notLoaded = new ArrayList<>();
      for (String table : tables) {
        Lake lake = lakes.getOrDefault(table, new Lake(Map.of(), Map.of(), Map.of()));
        List<Recorded> recorded = ledger.getOrDefault(table, List.of());
        WriteMode mode = options.writeMode(table);
        List<String> key = keys.getOrDefault(table, TableKeys.resolve(table, options.keys(), new LakeKeys())).columns();
        checks.add(check(c, store, table, mode, key, recorded, lake, divergences, TableFreshness.of(table,
            recorded.stream().filter(Recorded::loaded).map(Recorded::partitionTime).max(Instant::compareTo).orElse(null),
            newestInLake.get(table), now)));
        notLoaded(table, lake, recorded, failures, window ? options : null, notLoaded);
      }
      return new VerifyReport(now, store.describe(), catalog.schema(), window ? options.windowStart() : null,
          window ? options.windowEnd() : null, checks, divergences, notLoaded);
    } catch (SQLException e) {
      throw new InsightflowException("Cannot verify schema " + catalog.schema() + " of " + target + ": "
          + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  /** The rows, keys and lake versions of one table's loaded objects against the ledger. */
  private VerifyReport.TableCheck check(Connection c, ObjectStore store, String table, WriteMode mode,
      List<String> key, List<Recorded> recorded, Lake lake, List<Divergence> divergences, TableFreshness freshness)
      throws SQLException {
    String name = Printable.of(table);
    String qualified = Identifiers.isValid(table) ? Identifiers.qualified("insightflow.tables", catalog.schema(), table)
        : null;
    boolean present = qualified != null && hasProvenance(c, table);
    Map<Integer, Long> counts = new HashMap<>();
    long withoutObject = 0;
    if (present) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT \"" + SyncCatalog.PROVENANCE + "\", count(*) FROM " + qualified
              + " GROUP BY 1")) {
        while (rs.next()) {
          int id = rs.getInt(1);
          if (rs.wasNull()) {
            withoutObject = rs.getLong(2);
          } else {
            counts.put(id, rs.getLong(2));
          }
        }
      }
    }
    List<ObjectCheck> objects = new ArrayList<>();
    long loaded = 0;
    long promised = 0;
    long rejected = 0;
    long found = 0;
    for (Recorded r : recorded) {
      LakeObject inLake = lake.complete().get(r.key());
      long rows = inLake != null && inLake.rows() >= 0 && inLake.version().equals(r.version())
          ? inLake.rows() : r.rows() + r.rejected();
      long holds = counts.getOrDefault(r.id(), 0L);
      counts.remove(r.id());
      objects.add(new ObjectCheck(r.key(), r.id(), r.loaded() ? SyncCatalog.LOADED_STATE : SyncCatalog.SUPERSEDED_STATE,
          rows, r.rejected(), holds));
      String object = "table " + name + ", object " + Printable.of(r.key());
      if (!r.loaded()) {
        if (holds > 0) {
          divergences.add(new Divergence(table, r.key(), Kind.ROWS, "0", Long.toString(holds), object + ": a newer run"
              + " of this replace table superseded it, so no row should carry its object id " + r.id() + ", but "
              + holds + " do"));
        }
        continue; // an older run of a replace table may leave the lake: only the run the table holds must stay
      }
      loaded++;
      promised += rows;
      rejected += r.rejected();
      found += holds;
      long expected = rows - r.rejected();
      if (mode == WriteMode.MERGE ? holds > expected : holds != expected) {
        divergences.add(new Divergence(table, r.key(), Kind.ROWS, Long.toString(expected), Long.toString(holds),
            object + ": its manifest promises " + rows + " rows (" + r.rejected() + " rejected), so "
            + (mode == WriteMode.MERGE ? "at most " : "") + expected + " rows should carry its object id " + r.id()
            + ", but " + holds + " do"));
      }
      lakeVersion(store, table, r, inLake, lake.listed().get(r.key()), object, divergences);
    }
    counts.forEach((id, n) -> divergences.add(new Divergence(table, null, Kind.UNKNOWN_OBJECT, "0", Long.toString(n),
        "table " + name + ": " + n + " rows carry object id " + id + ", which the ledger "
        + catalog.table(SyncCatalog.LOADED) + " does not record for this table")));
    Long keyCount = null;
    Long duplicates = null;
    if (mode == WriteMode.MERGE && present && !key.isEmpty()) {
      long[] k = keys(c, qualified, key);
      keyCount = k[0];
      duplicates = k[1];
      if (duplicates > 0) {
        divergences.add(new Divergence(table, null, Kind.DUPLICATE_KEYS, "0", Long.toString(duplicates), "table " + name
            + ": " + duplicates + " of its " + keyCount + " keys (" + Printable.of(String.join(",", key)) + ") are held"
            + " by more than one row; a merge table holds each key once (its unique index on the key was dropped?)"));
      }
    }
    return new VerifyReport.TableCheck(table, mode, key, loaded, promised, rejected, found, withoutObject, keyCount,
        duplicates, freshness, objects);
  }

  /** Whether a loaded object is still in the lake as it was loaded. */
  private static void lakeVersion(ObjectStore store, String table, Recorded r, LakeObject inLake, ObjectInfo listed,
      String object, List<Divergence> divergences) {
    if (inLake != null && !inLake.version().equalsIgnoreCase(r.version())) {
      divergences.add(new Divergence(table, r.key(), Kind.CHANGED, r.version(), inLake.version(), object + ": changed"
          + " since it was loaded: its manifest vouched for " + r.version() + " then, for " + inLake.version()
          + " now; the next sync replaces its rows"));
      return;
    }
    if (listed == null) {
      divergences.add(new Divergence(table, r.key(), Kind.VANISHED, "present", "absent", object + ": loaded ("
          + r.rows() + " rows, object id " + r.id() + ") but no longer in the lake"));
      return;
    }
    if (r.etag() == null || r.etag().equals(listed.etag())) {
      return;
    }
    // Rewritten: the same content (a retried run) keeps the CRC32C the ledger holds.
    String crc = r.version().startsWith("etag:") ? "etag:" + listed.etag() : crc32c(store, r.key());
    if (!crc.equalsIgnoreCase(r.version())) {
      divergences.add(new Divergence(table, r.key(), Kind.CHANGED, r.version(), crc, object + ": rewritten since it"
          + " was loaded (ETag " + Printable.of(r.etag()) + " then, " + Printable.of(listed.etag()) + " now, "
          + r.bytes() + " bytes then, " + listed.size() + " now): its content's CRC32C is " + crc + ", not the "
          + r.version() + " loaded, while its manifest still vouches for the old content; write the run again"));
    }
  }

  /** The objects of the lake the ledger does not hold, and why. */
  private static void notLoaded(String table, Lake lake, List<Recorded> recorded, Map<String, String[]> failures,
      SyncOptions window, List<NotLoaded> out) {
    Set<String> inLedger = recorded.stream().map(Recorded::key).collect(Collectors.toSet());
    for (LakeObject o : lake.complete().values()) {
      if (inLedger.contains(o.key())) {
        continue; // loaded, or changed since (a divergence)
      }
      String[] failure = failures.get(o.key());
      if (failure != null && o.version().equalsIgnoreCase(failure[0])) {
        out.add(new NotLoaded(table, o.key(), Reason.FAILED, failure[1]));
      } else if (window != null && (o.partitionTime().isBefore(window.windowStart())
          || !o.partitionTime().isBefore(window.windowEnd()))) {
        out.add(new NotLoaded(table, o.key(), Reason.OUTSIDE_WINDOW, "partition time " + o.partitionTime()
            + " is outside the window [" + window.windowStart() + ", " + window.windowEnd() + ")"));
      } else {
        out.add(new NotLoaded(table, o.key(), Reason.PENDING, "complete (partition time " + o.partitionTime()
            + "), not loaded yet: the next sync loads it"));
      }
    }
    Set<String> seen = new TreeSet<>(lake.listed().keySet());
    seen.addAll(lake.problems().keySet());
    for (String key : seen) {
      if (!inLedger.contains(key) && !lake.complete().containsKey(key)) {
        Map<String, String> problems = lake.problems().get(key);
        out.add(new NotLoaded(table, key, Reason.INCOMPLETE, problems != null ? String.join("; ", problems.keySet())
            : "no manifest lists it: its run is not complete (it loads once the run's manifest is written)"));
      }
    }
  }

  private boolean hasProvenance(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.columns WHERE table_schema = ?"
        + " AND table_name = ? AND column_name = ?")) {
      ps.setString(1, catalog.schema());
      ps.setString(2, table);
      ps.setString(3, SyncCatalog.PROVENANCE);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** {distinct keys, keys held by more than one row} of a merge table: one grouped query. */
  private static long[] keys(Connection c, String qualified, List<String> key) throws SQLException {
    String columns = key.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE n > 1) FROM (SELECT count(*) AS n FROM "
            + qualified + " GROUP BY " + columns + ") k")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** The ledger by table, each table's objects by key. */
  private Map<String, List<Recorded>> ledger(Connection c) throws SQLException {
    Map<String, List<Recorded>> out = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_name, object_id, object_key, crc32c, etag, coalesce(bytes, -1),"
            + " rows_loaded, rows_rejected, partition_time, " + SyncCatalog.STATE_OF_L + " FROM "
            + catalog.table(SyncCatalog.LOADED) + " l ORDER BY table_name, object_key")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new Recorded(rs.getInt(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
            rs.getTimestamp(9).toInstant(), SyncCatalog.LOADED_STATE.equals(rs.getString(10))));
      }
    }
    return out;
  }

  /** The CRC32C of an object's bytes as the lake holds them now, as 8 lowercase hex digits. */
  private static String crc32c(ObjectStore store, String key) {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = store.open(key)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read the object to compare its CRC32C with the one loaded: "
          + e.getMessage(), e);
    }
    return String.format("%08x", crc.getValue());
  }
}
