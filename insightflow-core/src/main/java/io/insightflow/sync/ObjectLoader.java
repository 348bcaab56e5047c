package io.insightflow.sync;

import io.insightflow.InsightflowException;
import io.insightflow.LakeException;
import io.insightflow.Secrets;
import io.insightflow.internal.CopyErrorContext;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.sql.Identifiers;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one object at a time over its own connection, exactly once: in one transaction it claims
 * the object with a non-blocking advisory lock, re-checks the loaded record, deletes the rows of an
 * earlier version, COPYs the object's bytes straight from the lake and records the object. Whatever
 * the path (plain COPY or {@link OnError#REJECT}), the bytes read are checked against the manifest's
 * size and CRC32C, and the rows against its row count, before the commit: an object that does not
 * match fails and stays pending. Confined to one worker thread; the
 * worker closes it.
 */
final class ObjectLoader implements AutoCloseable {

  /** Bytes per COPY data message: large enough that per-message overhead vanishes, small for memory. */
  static final int COPY_BUFFER = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ObjectLoader.class);

  /** What happened to one object. */
  enum Kind { LOADED, SKIPPED, BUSY, FAILED }

  /** The outcome of {@link #load}. */
  record Outcome(LakeObject object, Kind kind, long rows, long rejected, long millis, ObjectFailure failure) {}

  private final PostgresConnectionOptions target;
  private final ObjectStore lake;
  private final SyncCatalog catalog;
  private final TableDdl ddl;
  private final OnError onError;
  private final boolean reload;
  private final RejectingCopy rejecting;
  private final boolean rejectUnknownFields;
  private final Reconnect reconnect;
  private Connection connection;
  private boolean headerMatch;
  /** Whether the current object's last attempt sent COMMIT and lost the connection before the answer. */
  private boolean commitUncertain;

  ObjectLoader(PostgresConnectionOptions target, ObjectStore lake, SyncCatalog catalog, TableDdl ddl,
      OnError onError, boolean reload, Reconnect reconnect, boolean rejectUnknownFields) {
    this.rejectUnknownFields = rejectUnknownFields;
    this.target = target;
    this.lake = lake;
    this.catalog = catalog;
    this.ddl = ddl;
    this.onError = onError;
    this.reload = reload;
    this.rejecting = new RejectingCopy(lake);
    this.reconnect = reconnect;
  }

  /**
   * Loads the object, retrying on a new connection while PostgreSQL is away (see {@link Reconnect});
   * a retry never loads twice, since COPY and the ledger record commit together.
   */
  Outcome load(LakeObject o) {
    long start = System.nanoTime();
    commitUncertain = false;
    for (int attempt = 1; ; attempt++) {
      try {
        Connection c = connection();
        ddl.ensure(c, o);
        Outcome outcome = loadInTransaction(c, o, start);
        reconnect.succeeded();
        if (outcome.kind() == Kind.LOADED) {
          long rate = outcome.millis() == 0 ? outcome.rows() : outcome.rows() * 1000 / outcome.millis();
          LOG.info("sync loaded key={} table={} rows={} rejected={} ms={} rows/s={}", o.key(), o.table(),
              outcome.rows(), outcome.rejected(), outcome.millis(), rate);
        }
        return outcome;
      } catch (SQLException e) {
        if (reconnect.retry(e, attempt, "the load of " + o.key())) {
          closeQuietly();
          continue;
        }
        return failed(o, start, e);
      } catch (BadObjectException e) {
        return failed(o, start, e.line(), e.column(), e.getMessage());
      } catch (InsightflowException e) {
        String message = e instanceof LakeException ? e.getMessage() : e.getMessage() + " [object " + o.key() + "]";
        return failed(o, start, 0, null, message);
      } catch (JsonLinesTranscoder.BadLineException e) {
        return failed(o, start, e.line(), e.field(), "Cannot load object into table " + o.table() + ": "
            + e.getMessage() + "; nothing of it was loaded [object " + o.key() + "]");
      } catch (ZipException | EOFException e) {
        return failed(o, start, 0, null, "Cannot load object into table " + o.table() + ": truncated or corrupt"
            + " gzip stream (" + e.getMessage() + "); nothing of it was loaded [object " + o.key() + "]");
      } catch (IOException e) {
        return failed(o, start, 0, null, "Cannot read object: " + e + " [object " + o.key() + "]");
      }
    }
  }

  /** A failure PostgreSQL reported, with the line and column of a COPY error. */
  private Outcome failed(LakeObject o, long start, SQLException e) {
    CopyErrorContext ctx = CopyErrorContext.of(e).orElse(new CopyErrorContext(0, null, null));
    String detail = ctx.line() > 0 || ctx.column() != null ? ctx.describe()
        : ctx.message() != null ? ctx.message() : Secrets.mask(String.valueOf(e.getMessage()));
    return failed(o, start, ctx.line(), ctx.column(),
        "Cannot load object into table " + o.table() + ": " + detail + " [object " + o.key() + "]");
  }

  private Outcome loadInTransaction(Connection c, LakeObject o, long start) throws SQLException, IOException {
    String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), o.table());
    c.setAutoCommit(false);
    try {
      if (!SyncCatalog.tryLock(c, "object:" + catalog.schema() + "/" + o.key())) {
        c.rollback();
        return new Outcome(o, Kind.BUSY, 0, 0, millis(start), null);
      }
      Integer id = null;
      String previousTable = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT object_id, crc32c, table_name, rows_loaded, rows_rejected"
          + " FROM " + catalog.table(SyncCatalog.LOADED) + " WHERE object_key = ?")) {
        ps.setString(1, o.key());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            if (rs.getString(2).equals(o.version()) && commitUncertain) {
              // The connection broke after our COMMIT was sent, and the ledger shows it went through.
              c.rollback();
              return new Outcome(o, Kind.LOADED, rs.getLong(4), rs.getLong(5), millis(start), null);
            }
            if (rs.getString(2).equals(o.version()) && !reload) {
              c.rollback();
              return new Outcome(o, Kind.SKIPPED, 0, 0, millis(start), null);
            }
            id = rs.getInt(1);
            previousTable = rs.getString(3);
          }
        }
      }
      try (Statement st = c.createStatement()) {
        if (id == null) {
          try (ResultSet rs = st.executeQuery("SELECT nextval('" + catalog.table(SyncCatalog.SEQUENCE) + "')")) {
            rs.next();
            id = rs.getInt(1);
          }
        } else if (Identifiers.isValid(previousTable)) {
          // The object was rewritten: its new content replaces the rows the old one loaded.
          st.executeUpdate("DELETE FROM " + Identifiers.qualified("insightflow.tables",
              catalog.schema(), previousTable) + " WHERE \"" + SyncCatalog.PROVENANCE + "\" = " + id);
        }
        st.execute("SELECT set_config('" + SyncCatalog.OBJECT_ID_SETTING + "', '" + id + "', true)");
      }
      String copySql = copySql(qualified, o.columns(), headerMatch, o.format());
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      long rows;
      long rejected = 0;
      String rejectsKey = null;
      // Rejecting splits CSV records; a JSON-lines object fails as a whole at its bad line.
      Savepoint savepoint = onError == OnError.REJECT && !o.format().jsonLines() ? c.setSavepoint() : null;
      try {
        rows = copyChecked(copy, copySql, o);
      } catch (SQLException e) {
        if (savepoint == null || !isDataError(e)) {
          throw e;
        }
        c.rollback(savepoint);
        RejectingCopy.Result r = rejecting.copy(c, copy, copySql(qualified, o.columns(), headerMatch, ObjectFormat.CSV), o);
        rows = r.loaded();
        rejected = r.rejected();
        rejectsKey = r.rejectsKey();
      }
      record(c, o, id, rows, rejected, rejectsKey);
      commitUncertain = true;
      c.commit();
      commitUncertain = false;
      return new Outcome(o, Kind.LOADED, rows, rejected, millis(start), null);
    } catch (SQLException | IOException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    } finally {
      if (!c.isClosed()) {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * COPYs the object's bytes unchanged and checks them against the manifest before commit. When COPY
   * refuses the data, the object is checked first: a truncated or corrupted object explains bad data
   * better than the first line PostgreSQL tripped over.
   */
  private long copyChecked(CopyManager copy, String copySql, LakeObject o) throws SQLException, IOException {
    try (CheckedObject in = CheckedObject.open(lake, o)) {
      long rows;
      try {
        InputStream rowsIn = o.format().jsonLines()
            ? new JsonLinesTranscoder(in.content(), o.columns(), rejectUnknownFields) : in.content();
        rows = copy.copyIn(copySql, rowsIn, COPY_BUFFER);
      } catch (SQLException e) {
        if (isDataError(e)) {
          in.verify();
        }
        throw e;
      }
      in.verify();
      in.verifyRows(rows);
      return rows;
    }
  }

  private void record(Connection c, LakeObject o, int id, long rows, long rejected, String rejectsKey)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + catalog.table(SyncCatalog.LOADED)
        + " (object_id, object_key, table_name, run_id, crc32c, etag, rows_loaded, rows_rejected, "
        + "rejects_key, bytes, partition_time, manifest_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (object_key) DO UPDATE SET table_name = EXCLUDED.table_name, "
        + "run_id = EXCLUDED.run_id, crc32c = EXCLUDED.crc32c, etag = EXCLUDED.etag, "
        + "rows_loaded = EXCLUDED.rows_loaded, rows_rejected = EXCLUDED.rows_rejected, "
        + "rejects_key = EXCLUDED.rejects_key, bytes = EXCLUDED.bytes, "
        + "partition_time = EXCLUDED.partition_time, manifest_key = EXCLUDED.manifest_key, loaded_at = now()");
        PreparedStatement clear = c.prepareStatement("DELETE FROM " + catalog.table(SyncCatalog.FAILED)
            + " WHERE object_key = ?")) {
      ps.setInt(1, id);
      ps.setString(2, o.key());
      ps.setString(3, o.table());
      ps.setString(4, o.runId());
      ps.setString(5, o.version());
      ps.setString(6, o.etag());
      ps.setLong(7, rows);
      ps.setLong(8, rejected);
      ps.setString(9, rejectsKey);
      ps.setLong(10, o.bytes());
      ps.setTimestamp(11, Timestamp.from(o.partitionTime()));
      ps.setString(12, o.manifestKey());
      ps.executeUpdate();
      clear.setString(1, o.key());
      clear.executeUpdate();
    }
  }

  private Outcome failed(LakeObject o, long start, long line, String column, String message) {
    LOG.warn("sync failed key={} table={}: {}", o.key(), o.table(), message);
    try {
      catalog.recordFailure(connection(), o, message);
    } catch (SQLException e) {
      LOG.warn("Cannot record the failure of {}: {}", o.key(), Secrets.mask(e.getMessage()));
      closeQuietly();
    }
    return new Outcome(o, Kind.FAILED, 0, 0, millis(start),
        new ObjectFailure(o.table(), o.key(), line, column, message));
  }

  /** PostgreSQL refused the data (SQLSTATE class 22 data exception, 23 integrity violation). */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * The COPY statement of an object: CSV as it is (its header checked by the server on PostgreSQL
   * 15+), or the text format that {@link JsonLinesTranscoder} makes of JSON lines.
   *
   * @param headerMatch whether the server checks the header against the columns (PostgreSQL 15+)
   */
  static String copySql(String qualified, List<RunManifest.Column> columns, boolean headerMatch, ObjectFormat format) {
    String target = "COPY " + qualified + " (" + columns.stream().map(col -> Identifiers.quote(col.name()))
        .collect(Collectors.joining(", ")) + ") FROM STDIN ";
    if (format.jsonLines()) {
      return target + "(FORMAT text, ENCODING 'UTF8')";
    }
    return target + "(FORMAT csv, HEADER " + (!format.header() ? "false" : headerMatch ? "MATCH" : "true")
        + ", ENCODING 'UTF8')";
  }

  private Connection connection() throws SQLException {
    if (connection != null && !connection.isClosed() && connection.isValid(5)) {
      return connection;
    }
    closeQuietly();
    connection = target.connect();
    headerMatch = connection.getMetaData().getDatabaseMajorVersion() >= 15;
    return connection;
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is broken; it is replaced before the next object.
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a broken connection cannot fail in a way that matters.
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
