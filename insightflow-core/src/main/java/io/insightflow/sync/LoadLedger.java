package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The record of what was loaded, kept in PostgreSQL next to the data so that a load and its record
 * commit in one transaction: {@code _insightflow_loaded} (one row per loaded object) and
 * {@code _insightflow_failed} (the last failure of objects not loaded). Also creates and evolves
 * the target tables. All methods run on the caller's connection and transaction.
 */
final class LoadLedger {

  /** Provenance column: which loaded object each row came from, so a rewrite can replace them. */
  static final String OBJECT_COLUMN = "_insightflow_object";

  /** Types a manifest may ask for; anything else (manifests are data) becomes text. */
  private static final Pattern SAFE_TYPE = Pattern.compile("boolean|smallint|integer|bigint|real|double precision"
      + "|numeric(\\(\\d{1,4},\\d{1,4}\\))?|text|date|time|time with time zone|timestamp|timestamp with time zone|bytea");

  private final String schema;

  LoadLedger(String schema) {
    this.schema = Identifiers.quote(schema);
  }

  String loaded() {
    return schema + ".\"_insightflow_loaded\"";
  }

  String failed() {
    return schema + ".\"_insightflow_failed\"";
  }

  String sequence() {
    return schema + ".\"_insightflow_object_seq\"";
  }

  String table(String name) {
    return schema + "." + Identifiers.quote(name);
  }

  /** Creates the schema and ledger tables if absent; serialised so concurrent workers don't race on DDL. */
  void init(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(hashtext('insightflow-ddl'))");
      st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      st.execute("CREATE TABLE IF NOT EXISTS " + loaded() + " (object_key text PRIMARY KEY,"
          + " table_name text NOT NULL, object_id bigint NOT NULL, crc32c text, rows bigint NOT NULL,"
          + " run_id text, partition_time timestamptz NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())");
      st.execute("CREATE INDEX IF NOT EXISTS \"_insightflow_loaded_table\" ON " + loaded()
          + " (table_name, partition_time)");
      st.execute("CREATE TABLE IF NOT EXISTS " + failed() + " (object_key text PRIMARY KEY,"
          + " table_name text NOT NULL, partition_time timestamptz NOT NULL, error text NOT NULL,"
          + " failed_at timestamptz NOT NULL DEFAULT now())");
      st.execute("CREATE SEQUENCE IF NOT EXISTS " + sequence());
    }
    c.commit();
  }

  /**
   * Creates the table from the manifest schema if absent and adds columns that later data brought.
   * Column names are validated identifiers, types come from an allow-list.
   */
  void ensureTable(Connection c, String name, List<RunManifest.Column> columns) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(hashtext('insightflow-ddl'))");
      StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table(name)).append(" (");
      for (RunManifest.Column col : columns) {
        ddl.append(column(col)).append(", ");
      }
      ddl.append('"').append(OBJECT_COLUMN).append("\" bigint DEFAULT current_setting('insightflow.object_id', true)::bigint)");
      st.execute(ddl.toString());
      Set<String> existing = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
          + " WHERE table_schema = ? AND table_name = ?")) {
        ps.setString(1, schema.substring(1, schema.length() - 1).replace("\"\"", "\""));
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            existing.add(rs.getString(1));
          }
        }
      }
      for (RunManifest.Column col : columns) {
        if (!existing.contains(col.name())) {
          st.execute("ALTER TABLE " + table(name) + " ADD COLUMN IF NOT EXISTS " + column(col));
        }
      }
    }
    c.commit();
  }

  /** Keys among {@code keys} already loaded, with their checksum. */
  Map<String, String> loadedChecksums(Connection c, List<String> keys) throws SQLException {
    Map<String, String> out = new HashMap<>();
    Array array = c.createArrayOf("text", keys.toArray());
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT object_key, crc32c FROM " + loaded() + " WHERE object_key = ANY (?)")) {
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    c.commit();
    return out;
  }

  /**
   * Where incremental listing may start for a table: the newest loaded partition, or the oldest
   * failed one if earlier, so failures are retried. Null when nothing is recorded (list everything).
   */
  Instant watermark(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT least((SELECT max(partition_time) FROM " + loaded()
        + " WHERE table_name = ?), (SELECT min(partition_time) FROM " + failed() + " WHERE table_name = ?))")) {
      ps.setString(1, table);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp ts = rs.getTimestamp(1);
        c.commit();
        return ts == null ? null : ts.toInstant();
      }
    }
  }

  /** Records a failure in its own transaction, after the load's transaction rolled back. */
  void recordFailure(Connection c, LakeObject object, String error) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + failed()
        + " (object_key, table_name, partition_time, error) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (object_key) DO UPDATE SET error = EXCLUDED.error, failed_at = now()")) {
      ps.setString(1, object.key());
      ps.setString(2, object.table());
      ps.setTimestamp(3, Timestamp.from(object.partitionTime()));
      ps.setString(4, error);
      ps.executeUpdate();
    }
    c.commit();
  }

  private static String column(RunManifest.Column col) {
    Identifiers.validate("column of the lake manifest", col.name());
    String type = col.type() != null && SAFE_TYPE.matcher(col.type()).matches() ? col.type() : "text";
    return Identifiers.quote(col.name()) + " " + type;
  }
}
