package io.insightflow.sync;

import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The engine's own tables in the target schema (see the package documentation) and the SQL that
 * reads and writes them. Stateless apart from the schema; every method runs on the caller's
 * connection and leaves transaction control to the caller unless it says otherwise.
 */
final class SyncCatalog {

  /** What every name of sync's own tables, columns and functions starts with; no lake table may. */
  static final String RESERVED_PREFIX = "_insightflow";
  static final String LOADED = "_insightflow_loaded";
  static final String FAILED = "_insightflow_failed";
  static final String WATERMARK = "_insightflow_watermark";
  static final String SEQUENCE = "_insightflow_object_seq";
  /** Tombstones: the keys of merge tables whose latest row in lake order is a delete. [#21] */
  static final String DELETED = "_insightflow_deleted";
  /** Provenance column of every target table: the id of the object each row came from. */
  static final String PROVENANCE = "_insightflow_object";
  /** The ledger's {@code state} of an object whose rows are in its table. */
  static final String LOADED_STATE = "loaded";
  /** The ledger's {@code state} of a replace table's object whose run is older than the table's. */
  static final String SUPERSEDED_STATE = "superseded";
  /**
   * The state of ledger row {@code l}, also on a ledger that a version before write modes created and
   * no sync has prepared since (status and plan only read): every object there is loaded.
   */
  static final String STATE_OF_L = "coalesce(to_jsonb(l)->>'state', 'loaded')";
  /** Transaction-local setting read by the provenance column's default during COPY. */
  static final String OBJECT_ID_SETTING = "insightflow.object_id";
  /** Function in the target schema that reads {@link #OBJECT_ID_SETTING}; the provenance default. */
  static final String OBJECT_ID_FUNCTION = "_insightflow_object_id";
  private static final String OBJECT_ID_BODY = " SELECT NULLIF(current_setting('" + OBJECT_ID_SETTING
      + "', true), '')::integer ";

  private final String schema;
  private final String q;

  /**
   * Whether {@code table} names (or, compared without case, could be mistaken for) one of sync's own
   * tables: data from the lake never goes there, so no object can forge the ledger or a watermark.
   */
  static boolean isReserved(String table) {
    return table.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
  }

  SyncCatalog(String schema) {
    this.schema = Identifiers.validate("insightflow.target.schema", schema);
    this.q = Identifiers.quoteValid("insightflow.target.schema", schema) + ".";
  }

  String schema() {
    return schema;
  }

  /** {@code "schema"."name"} of an engine table. */
  String table(String name) {
    return q + '"' + name + '"';
  }

  /** Whether the catalog exists: a status or a dry run before the first sync finds no table of it. */
  boolean exists(Connection c) throws SQLException {
    return hasRelation(c, LOADED);
  }

  /** Whether the schema holds a table or index of this name; a catalog read, which locks nothing. */
  private boolean hasRelation(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL");
        ResultSet rs = executeQuery(ps, table(name))) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Whether the schema has an immutable, parallel-safe function {@code name()} with this body; a catalog read. */
  private boolean hasFunctionBody(Connection c, String name, String body) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_proc"
        + " WHERE oid = to_regprocedure(?) AND prosrc = ? AND provolatile = 'i' AND proparallel = 's')");
        ResultSet rs = executeQuery(ps, table(name) + "()", body)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Whether an engine table has a column; a catalog read, which locks nothing. */
  private boolean hasColumn(Connection c, String engineTable, String column) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_attribute"
        + " WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped)");
        ResultSet rs = executeQuery(ps, table(engineTable), column)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Creates the schema and the engine tables when absent, in its own transaction. An advisory lock
   * serialises concurrent workers, whose {@code IF NOT EXISTS} would otherwise race on the catalog.
   * A column or index is added only when the catalog lacks it: {@code ALTER TABLE} and {@code CREATE
   * INDEX} lock the table before they find it there, so with {@code IF NOT EXISTS} alone every sync's
   * start would wait for the object transactions of every other worker (a replace run's for minutes),
   * and their next ledger writes would queue behind it. ({@code CREATE … IF NOT EXISTS} of a table
   * or sequence, and {@code CREATE OR REPLACE FUNCTION}, take no lock a load holds.)
   */
  void ensure(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      lock(c, "catalog:" + schema);
      st.execute("CREATE SCHEMA IF NOT EXISTS " + q.substring(0, q.length() - 1));
      st.execute("CREATE SEQUENCE IF NOT EXISTS " + table(SEQUENCE) + " AS integer");
      // Declared IMMUTABLE on purpose, although it reads a setting: COPY plans its column defaults once
      // per statement (BeginCopyFrom -> expression_planner), so an immutable call is folded into a
      // constant holding this transaction's object id. A STABLE default would be evaluated per row,
      // which measured ~40% slower on a 4-int-column table. Only the provenance default calls it.
      // Outside a load the setting is unset (NULL) or, on a connection that loaded before, '' (a
      // transaction-local value reverts to the empty string): both give NULL, e.g. for the rows of a
      // table the user created before adding its provenance column.
      // Replaced only when its body differs: each replacement writes a row version of pg_proc and
      // invalidates every backend's caches, once per sync otherwise.
      if (!hasFunctionBody(c, OBJECT_ID_FUNCTION, OBJECT_ID_BODY)) {
        st.execute("CREATE OR REPLACE FUNCTION " + table(OBJECT_ID_FUNCTION) + "() RETURNS integer "
            + "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$" + OBJECT_ID_BODY + "$$");
      }
      st.execute("CREATE TABLE IF NOT EXISTS " + table(LOADED) + " ("
          + "object_id integer PRIMARY KEY, object_key text NOT NULL UNIQUE, table_name text NOT NULL, "
          + "run_id text, crc32c text NOT NULL, etag text, rows_loaded bigint NOT NULL, "
          + "rows_rejected bigint NOT NULL DEFAULT 0, rejects_key text, bytes bigint, "
          + "partition_time timestamptz NOT NULL, manifest_key text, "
          + "loaded_at timestamptz NOT NULL DEFAULT now())");
      // [#21] What became of the object: loaded (its rows are in the table), or superseded (a replace
      // table's object whose run is older than the table's: never loaded, or its rows replaced since).
      if (!hasColumn(c, LOADED, "state")) {
        st.execute("ALTER TABLE " + table(LOADED) + " ADD COLUMN IF NOT EXISTS state text NOT NULL DEFAULT '"
            + LOADED_STATE + "'");
      }
      // [#21] How many deletes of a merge object found their key in no row of the table (a delete
      // whose insert loads later, or of a key never synced): legitimate, but worth seeing. Null: no deletes.
      if (!hasColumn(c, LOADED, "unseen_deletes")) {
        st.execute("ALTER TABLE " + table(LOADED) + " ADD COLUMN IF NOT EXISTS unseen_deletes bigint");
      }
      // [#21] A merge table's deleted keys, so that a delete keeps winning over rows of objects earlier in
      // lake order that load after it. The key is the jsonb array of its typed values, rendered under fixed
      // settings (MergeSql): one table for every merge table, whatever its key's types. `ordering` holds the
      // delete's ordering column as text, cast back to the column's type to compare.
      st.execute("CREATE TABLE IF NOT EXISTS " + table(DELETED) + " (table_name text NOT NULL, key jsonb NOT NULL, "
          + "object_id integer NOT NULL, ordering text, PRIMARY KEY (table_name, key))");
      if (!hasRelation(c, DELETED + "_object")) {
        st.execute("CREATE INDEX IF NOT EXISTS \"" + DELETED + "_object\" ON " + table(DELETED) + " (object_id)");
      }
      if (!hasRelation(c, LOADED + "_table")) {
        st.execute("CREATE INDEX IF NOT EXISTS \"" + LOADED + "_table\" ON " + table(LOADED)
            + " (table_name, partition_time)");
      }
      st.execute("CREATE TABLE IF NOT EXISTS " + table(FAILED) + " ("
          + "object_key text PRIMARY KEY, table_name text NOT NULL, crc32c text, message text NOT NULL, "
          + "failed_at timestamptz NOT NULL DEFAULT now())");
      st.execute("CREATE TABLE IF NOT EXISTS " + table(WATERMARK) + " ("
          + "table_name text NOT NULL, layout text NOT NULL, resume_from timestamptz NOT NULL, "
          + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (table_name, layout))");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Takes a transaction-scoped advisory lock named by {@code name}, waiting for it. */
  static void lock(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, name);
      ps.execute();
    }
  }

  /** Takes a transaction-scoped advisory lock named by {@code name} in shared mode, waiting for it. */
  static void lockShared(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))")) {
      ps.setString(1, name);
      ps.execute();
    }
  }

  /** Tries a transaction-scoped advisory lock without waiting. */
  static boolean tryLock(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))");
        ResultSet rs = executeQuery(ps, name)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Object key → CRC32C of every object loaded (any table), for the cheap skip before claiming. */
  Map<String, String> loadedVersions(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT object_key, crc32c FROM " + table(LOADED))) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Table → the newest partition time of its loaded objects. [#23] */
  Map<String, Instant> newestLoaded(Connection c) throws SQLException {
    Map<String, Instant> out = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_name, max(partition_time) FROM " + table(LOADED) + " l WHERE "
            + STATE_OF_L + " = '" + LOADED_STATE + "' GROUP BY table_name")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
      }
    }
    return out;
  }

  /** Object key → CRC32C of objects whose last attempt failed. */
  Map<String, String> failedVersions(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT object_key, crc32c FROM " + table(FAILED))) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Object key → {CRC32C, message} of objects whose last attempt failed (what verify reports). [#23] */
  Map<String, String[]> failures(Connection c) throws SQLException {
    Map<String, String[]> out = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT object_key, crc32c, message FROM " + table(FAILED))) {
      while (rs.next()) {
        out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    return out;
  }

  /** Where the next incremental listing of the table in this layout starts, or null. */
  Instant watermark(Connection c, String listedTable, String layout) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT resume_from FROM " + table(WATERMARK)
        + " WHERE table_name = ? AND layout = ?")) {
      ps.setString(1, listedTable);
      ps.setString(2, layout);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getTimestamp(1).toInstant() : null;
      }
    }
  }

  /** Stores the watermark (autocommit). */
  void setWatermark(Connection c, String listedTable, String layout, Instant resumeFrom) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(WATERMARK)
        + " (table_name, layout, resume_from) VALUES (?, ?, ?) ON CONFLICT (table_name, layout) "
        + "DO UPDATE SET resume_from = EXCLUDED.resume_from, updated_at = now()")) {
      ps.setString(1, listedTable);
      ps.setString(2, layout);
      ps.setTimestamp(3, Timestamp.from(resumeFrom));
      ps.executeUpdate();
    }
  }

  /** Records the failure of an object (autocommit), replacing an earlier one. */
  void recordFailure(Connection c, LakeObject o, String message) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(FAILED)
        + " (object_key, table_name, crc32c, message) VALUES (?, ?, ?, ?) ON CONFLICT (object_key) "
        + "DO UPDATE SET table_name = EXCLUDED.table_name, crc32c = EXCLUDED.crc32c, "
        + "message = EXCLUDED.message, failed_at = now()")) {
      ps.setString(1, o.key());
      ps.setString(2, o.table());
      ps.setString(3, o.version());
      ps.setString(4, message);
      ps.executeUpdate();
    }
  }

  /**
   * Looks the entry up in the ledger. Returns false when it is recorded with the same version and no
   * reload was asked (nothing to do); otherwise gives it its id (its earlier one, whose rows it
   * deletes, or a new one) and returns true. In the caller's transaction.
   */
  boolean replacePrevious(Connection c, LedgerEntry entry, boolean reload) throws SQLException {
    LakeObject o = entry.object;
    String previousTable = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT object_id, crc32c, table_name"
        + " FROM " + table(LOADED) + " WHERE object_key = ?")) {
      ps.setString(1, o.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (rs.getString(2).equals(o.version()) && !reload) {
            return false;
          }
          entry.id = rs.getInt(1);
          previousTable = rs.getString(3);
        }
      }
    }
    if (entry.id == null) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT nextval('" + table(SEQUENCE) + "')")) {
        rs.next();
        entry.id = rs.getInt(1);
      }
    } else {
      // The object was rewritten: its new content replaces the rows the old one loaded.
      deleteRows(c, previousTable, entry.id);
    }
    return true;
  }

  /** Records the entry as loaded and clears its failure, in the caller's transaction. */
  void record(Connection c, LedgerEntry entry) throws SQLException {
    LakeObject o = entry.object;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(LOADED)
        + " (object_id, object_key, table_name, run_id, crc32c, etag, rows_loaded, rows_rejected, "
        + "rejects_key, bytes, partition_time, manifest_key, state, unseen_deletes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (object_key) DO UPDATE SET table_name = EXCLUDED.table_name, "
        + "run_id = EXCLUDED.run_id, crc32c = EXCLUDED.crc32c, etag = EXCLUDED.etag, "
        + "rows_loaded = EXCLUDED.rows_loaded, rows_rejected = EXCLUDED.rows_rejected, "
        + "rejects_key = EXCLUDED.rejects_key, bytes = EXCLUDED.bytes, "
        + "partition_time = EXCLUDED.partition_time, manifest_key = EXCLUDED.manifest_key, state = EXCLUDED.state, "
        + "unseen_deletes = EXCLUDED.unseen_deletes, "
        + "loaded_at = now()");
        PreparedStatement clear = c.prepareStatement("DELETE FROM " + table(FAILED) + " WHERE object_key = ?")) {
      ps.setInt(1, entry.id);
      ps.setString(2, o.key());
      ps.setString(3, o.table());
      ps.setString(4, o.runId());
      ps.setString(5, o.version());
      ps.setString(6, o.etag());
      ps.setLong(7, entry.rows);
      ps.setLong(8, entry.rejected);
      ps.setString(9, entry.rejectsKey);
      ps.setLong(10, o.bytes());
      ps.setTimestamp(11, Timestamp.from(o.partitionTime()));
      ps.setString(12, o.manifestKey());
      ps.setString(13, entry.status == LedgerEntry.Status.SUPERSEDED ? SUPERSEDED_STATE : LOADED_STATE);
      ps.setObject(14, entry.unseenDeletes, java.sql.Types.BIGINT);
      ps.executeUpdate();
      clear.setString(1, o.key());
      clear.executeUpdate();
    }
  }

  /**
   * The run whose rows a replace table holds: the newest (partition time, manifest key) among its
   * loaded objects; null when none is loaded. In the caller's transaction.
   */
  ReplaceRuns.Position currentRun(Connection c, String targetTable) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT partition_time, coalesce(manifest_key, '') FROM " + table(LOADED)
        + " l WHERE table_name = ? AND " + STATE_OF_L + " = '" + LOADED_STATE + "' ORDER BY partition_time DESC, manifest_key DESC"
        + " LIMIT 1")) {
      ps.setString(1, targetTable);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new ReplaceRuns.Position(rs.getTimestamp(1).toInstant(), rs.getString(2)) : null;
      }
    }
  }

  /**
   * Marks the loaded objects of {@code targetTable} other than {@code keep} as superseded: a replace
   * removed their rows. In the caller's transaction.
   */
  void supersedeAllBut(Connection c, String targetTable, List<String> keep) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(LOADED) + " SET state = '" + SUPERSEDED_STATE
        + "' WHERE table_name = ? AND state = '" + LOADED_STATE + "' AND NOT (object_key = ANY (?))")) {
      ps.setString(1, targetTable);
      ps.setArray(2, c.createArrayOf("text", keep.toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * The version and state of each of {@code keys} in the ledger (key → {version, state}); keys not
   * recorded are absent. In the caller's transaction.
   */
  Map<String, String[]> recorded(Connection c, List<String> keys) throws SQLException {
    Map<String, String[]> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT object_key, crc32c, state FROM " + table(LOADED)
        + " WHERE object_key = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", keys.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        }
      }
    }
    return out;
  }

  /** The ledger id of {@code key}: the one it is recorded with, else a new one. In the caller's transaction. */
  int objectId(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT object_id FROM " + table(LOADED) + " WHERE object_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT nextval('" + table(SEQUENCE) + "')")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Forgets the objects recorded for run {@code runId} other than {@code keep}, and deletes their
   * rows: the batches of an earlier, longer attempt of the same run. In the caller's transaction.
   */
  void forgetRunExcept(Connection c, String runId, List<String> keep) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(LOADED)
        + " WHERE run_id = ? AND NOT (object_key = ANY (?)) RETURNING object_id, table_name")) {
      ps.setString(1, runId);
      ps.setArray(2, c.createArrayOf("text", keep.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          deleteRows(c, rs.getString(2), rs.getInt(1));
        }
      }
    }
  }

  /** Whether every loaded (or superseded) entry is recorded with its version (the check after a lost COMMIT answer). */
  boolean isRecorded(Connection c, List<LedgerEntry> entries) throws SQLException {
    boolean all = true;
    try (PreparedStatement ps = c.prepareStatement("SELECT crc32c FROM " + table(LOADED) + " WHERE object_key = ?")) {
      for (LedgerEntry entry : entries) {
        if (entry.status == LedgerEntry.Status.LOADED || entry.status == LedgerEntry.Status.SUPERSEDED) {
          ps.setString(1, entry.object.key());
          try (ResultSet rs = ps.executeQuery()) {
            all &= rs.next() && rs.getString(1).equals(entry.object.version());
          }
        }
      }
    }
    return all;
  }

  /** Deletes the rows object {@code id} loaded into {@code targetTable} (nothing if the name is not valid). */
  void deleteRows(Connection c, String targetTable, int id) throws SQLException {
    if (Identifiers.isValid(targetTable)) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM " + Identifiers.qualified("insightflow.tables", schema, targetTable)
            + " WHERE \"" + PROVENANCE + "\" = " + id);
      }
    }
  }

  private static ResultSet executeQuery(PreparedStatement ps, String... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      ps.setString(i + 1, values[i]);
    }
    return ps.executeQuery();
  }
}
