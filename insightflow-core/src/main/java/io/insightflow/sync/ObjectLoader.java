package io.insightflow.sync;

import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * Loads one object in one transaction: claim it, skip it if loaded with the same content, delete
 * the rows of an earlier version, COPY the bytes straight from the lake, record the load, commit.
 * A crash or a killed backend at any point rolls everything back, so the object is loaded exactly
 * once or not at all.
 */
final class ObjectLoader {

  /** Outcome of one attempt. */
  enum Outcome { LOADED, SKIPPED }

  private static final Pattern WHERE = Pattern.compile("line (\\d+)(?:, column ([^:]+))?");
  private static final int COPY_BUFFER = 1 << 16;

  private final ObjectStore lake;
  private final LoadLedger ledger;

  ObjectLoader(ObjectStore lake, LoadLedger ledger) {
    this.lake = lake;
    this.ledger = ledger;
  }

  /**
   * Loads the object on {@code c} (autocommit off).
   *
   * @throws SQLException with the transaction rolled back
   */
  Outcome load(Connection c, LakeObject object) throws SQLException, IOException {
    try {
      Outcome outcome = loadInTransaction(c, object);
      c.commit();
      return outcome;
    } catch (SQLException | IOException | RuntimeException e) {
      rollback(c);
      throw e;
    }
  }

  private Outcome loadInTransaction(Connection c, LakeObject object) throws SQLException, IOException {
    // Another worker holding the claim is loading this object right now: leave it to them.
    if (!queryBoolean(c, "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))", "insightflow:" + object.key())) {
      return Outcome.SKIPPED;
    }
    Optional<Long> previous = Optional.empty();
    try (PreparedStatement ps = c.prepareStatement("SELECT object_id, crc32c FROM " + ledger.loaded()
        + " WHERE object_key = ? FOR UPDATE")) {
      ps.setString(1, object.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (object.crc32c() != null && object.crc32c().equals(rs.getString(2))) {
            return Outcome.SKIPPED;
          }
          previous = Optional.of(rs.getLong(1));
        }
      }
    }
    if (previous.isPresent()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + ledger.table(object.table())
          + " WHERE \"" + LoadLedger.OBJECT_COLUMN + "\" = ?")) {
        ps.setLong(1, previous.get());
        ps.executeUpdate();
      }
    }
    long objectId = queryLong(c, "SELECT nextval('" + ledger.sequence().replace("'", "''") + "')");
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('insightflow.object_id', ?, true)")) {
      ps.setString(1, Long.toString(objectId));
      ps.execute();
    }
    long rows;
    try (InputStream in = lake.open(object.key())) {
      rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql(object), in, COPY_BUFFER);
    }
    if (rows != object.rows()) {
      throw new SQLException(object.key() + ": the manifest lists " + object.rows() + " rows but the object holds "
          + rows + "; the object is not loaded");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ledger.loaded()
        + " (object_key, table_name, object_id, crc32c, rows, run_id, partition_time) VALUES (?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (object_key) DO UPDATE SET object_id = EXCLUDED.object_id, crc32c = EXCLUDED.crc32c,"
        + " rows = EXCLUDED.rows, run_id = EXCLUDED.run_id, partition_time = EXCLUDED.partition_time, loaded_at = now()")) {
      ps.setString(1, object.key());
      ps.setString(2, object.table());
      ps.setLong(3, objectId);
      ps.setString(4, object.crc32c());
      ps.setLong(5, rows);
      ps.setString(6, object.runId());
      ps.setTimestamp(7, Timestamp.from(object.partitionTime()));
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + ledger.failed() + " WHERE object_key = ?")) {
      ps.setString(1, object.key());
      ps.executeUpdate();
    }
    return Outcome.LOADED;
  }

  /** {@code HEADER MATCH} makes PostgreSQL check the file's header against the column list. */
  String copySql(LakeObject object) {
    return "COPY " + ledger.table(object.table()) + " ("
        + object.columns().stream().map(RunManifest.Column::name).map(Identifiers::quote).collect(Collectors.joining(", "))
        + ") FROM STDIN (FORMAT csv, HEADER match)";
  }

  /** The failure of an object as users need it: key, line and column from PostgreSQL's COPY context. */
  static SyncFailure failure(LakeObject object, Exception e) {
    long line = 0;
    String column = null;
    String reason = e.getMessage();
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      reason = p.getServerErrorMessage().getMessage();
      String where = p.getServerErrorMessage().getWhere();
      Matcher m = where == null ? null : WHERE.matcher(where);
      if (m != null && m.find()) {
        line = Long.parseLong(m.group(1));
        column = m.group(2);
      }
    }
    String location = line == 0 ? "" : ", line " + line + (column == null ? "" : ", column " + column);
    return new SyncFailure(object.table(), object.key(), line, column,
        "Cannot load " + object.key() + location + ": " + reason);
  }

  private static boolean queryBoolean(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static long queryLong(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection may be gone (killed backend); the server rolled back already.
    }
  }
}
