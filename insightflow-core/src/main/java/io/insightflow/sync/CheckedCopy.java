package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The one way rows reach PostgreSQL in this package: {@code COPY … FROM STDIN} of bytes that are
 * checked against what their batch declares ({@link CheckedObject}) before the caller commits.
 * Runs on the caller's connection, inside the caller's transaction; thread-safe (no state but the
 * JSON-lines option and the limits).
 */
final class CheckedCopy {

  /** Bytes per COPY data message: large enough that per-message overhead vanishes, small for memory. */
  static final int COPY_BUFFER = 256 * 1024;
  /**
   * Each loading thread's COPY buffer. Allocated per object (as pgjdbc's {@code copyIn(sql, in, size)}
   * does) it was most of what a sync allocates, ~60 % of ~0.4 MB per object, which made G1 cycle and
   * grow its young generation, and so peak RSS, with the number of objects. A thread keeps its
   * buffer for its life: a sync's workers end with the sync. [#24]
   */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[COPY_BUFFER]);

  private final boolean rejectUnknownFields;
  private final LoadLimits limits;

  CheckedCopy(boolean rejectUnknownFields, LoadLimits limits) {
    this.rejectUnknownFields = rejectUnknownFields;
    this.limits = limits;
  }

  /** What every object this copies is held to. */
  LoadLimits limits() {
    return limits;
  }

  /**
   * COPYs the bytes unchanged (through {@link CsvGuard} when {@code guard}) and checks them against
   * what the object declares before commit. When COPY refuses the data or a line cannot become a row,
   * the object is checked first: a truncated or corrupted object explains bad data better than the
   * first line PostgreSQL tripped over.
   *
   * @param guard whether CSV is read through {@link CsvGuard} ({@link #guarded}); its header is then
   *     checked against {@link #headerNames}, and {@code copySql} must skip it ({@code HEADER true}).
   *     Otherwise a header of source names other than the columns' is checked alone ({@link
   *     CsvGuard#headerOnly}), since the server can only match the target's names
   * @return the rows COPY loaded
   * @throws BadObjectException when the bytes, CRC32C, header or rows differ from what the object declares
   * @throws BadLineException when a line cannot become a row
   */
  long copy(Connection c, String copySql, LakeObject o, CheckedObject in, boolean guard)
      throws SQLException, IOException {
    long rows;
    try {
      InputStream rowsIn = o.format().jsonLines()
          ? new JsonLinesTranscoder(in.content(), o.columns(), rejectUnknownFields, limits.maxLineBytes())
          : guard ? CsvGuard.checking(in.content(), o.key(), columnNames(o), o.format().header() ? headerNames(o) : null,
              limits.maxLineBytes())
          : o.format().header() && renamed(o.columns())
              ? CsvGuard.headerOnly(in.content(), o.key(), columnNames(o), headerNames(o), limits.maxLineBytes())
          : in.content();
      rows = copyIn(copyManager(c), copySql, rowsIn);
    } catch (SQLException e) {
      if (isDataError(e)) {
        in.verify();
      }
      throw e;
    } catch (BadLineException e) {
      in.verify();
      throw e;
    }
    in.verify();
    in.verifyRows(rows);
    return rows;
  }

  /**
   * Whether an object is read through {@link CsvGuard}: CSV that other writers delivered (no CRC32C
   * vouches for it). insightflow's own parts are written by FastCSV, every field that needs it quoted,
   * so COPY reads them as written and their hot path stays a plain byte stream. [#22]
   */
  static boolean guarded(LakeObject o) {
    return o.crc32c() == null && !o.format().jsonLines();
  }

  /** The target columns' names, in the object's order. */
  static List<String> columnNames(LakeObject o) {
    return o.columns().stream().map(RunManifest.Column::name).toList();
  }

  /**
   * The COPY statement of a lake object: a guarded object's header is checked by {@link CsvGuard}
   * (by name, which may differ from the target columns), so the server only skips it.
   */
  static String copySql(String qualified, LakeObject o, boolean headerMatch) {
    return copySql(qualified, o.columns(), headerMatch && !guarded(o), o.format());
  }

  /**
   * The COPY statement of an object: CSV as it is (its header checked by the server on PostgreSQL
   * 15+), or the text format that {@link JsonLinesTranscoder} makes of JSON lines.
   *
   * @param headerMatch whether the server checks the header against the columns (see {@link #headerMatch})
   */
  static String copySql(String qualified, List<RunManifest.Column> columns, boolean headerMatch, ObjectFormat format) {
    String target = "COPY " + qualified + " (" + columns.stream().map(col -> Identifiers.quote(col.name()))
        .collect(Collectors.joining(", ")) + ") FROM STDIN ";
    if (format.jsonLines()) {
      return target + "(FORMAT text, ENCODING 'UTF8')";
    }
    // The server matches a header against the target's names; a header of other names is checked here. [#22]
    boolean serverMatch = headerMatch && !renamed(columns);
    return target + "(FORMAT csv, HEADER " + (!format.header() ? "false" : serverMatch ? "MATCH" : "true")
        + ", ENCODING 'UTF8')";
  }

  /** The names an object's CSV header must hold: the source's names of its columns, in order. [#22] */
  static List<String> headerNames(LakeObject o) {
    return o.columns().stream().map(RunManifest.Column::sourceName).toList();
  }

  /** Whether a naming policy gave any column another name than its source's (the header's). [#22] */
  static boolean renamed(List<RunManifest.Column> columns) {
    return columns.stream().anyMatch(col -> !col.name().equals(col.sourceName()));
  }

  /** Whether the server can check a CSV header against the columns ({@code HEADER MATCH}, PostgreSQL 15+). */
  static boolean headerMatch(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseMajorVersion() >= 15;
  }

  /** Sets, for the rest of the transaction, the provenance id that the COPYs that follow give their rows. */
  static void provenance(Connection c, int id) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SELECT set_config('" + SyncCatalog.OBJECT_ID_SETTING + "', '" + id + "', true)");
    }
  }

  /** {@code COPY … FROM STDIN} of {@code in}, one data message per read, through this thread's buffer. */
  static long copyIn(CopyManager copy, String copySql, InputStream in) throws SQLException, IOException {
    byte[] buffer = BUFFER.get();
    CopyIn cp = copy.copyIn(copySql);
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (n > 0) {
          cp.writeToCopy(buffer, 0, n);
        }
      }
      return cp.endCopy();
    } finally {
      if (cp.isActive()) {
        cp.cancelCopy(); // as pgjdbc's own copyIn: never leave the connection in COPY mode
      }
    }
  }

  static CopyManager copyManager(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  /** PostgreSQL refused the data (SQLSTATE class 22 data exception, 23 integrity violation). */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }
}
