package io.insightflow.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.Printable;
import io.insightflow.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link LakeSync#verify} found: the lake reconciled against the target, per table and per
 * object. The target is <em>consistent</em> when no {@link Divergence} was found and no object
 * failed to load; objects that are pending, in incomplete runs or outside the window are listed
 * ({@link NotLoaded}) but are no fault: a later sync loads them. [#23]
 *
 * <p>What "right" means per write mode, for each object the ledger records as loaded:
 * <ul>
 *   <li>{@link WriteMode#APPEND}: the table holds exactly the rows the manifest promises minus the rows
 *       the load rejected, carrying the object's id ({@code _insightflow_object});
 *   <li>{@link WriteMode#REPLACE}: the same for the objects of the run the table holds; objects of
 *       older runs (superseded) hold no rows;
 *   <li>{@link WriteMode#MERGE}: an object holds at most that many rows (a later object's upsert or
 *       delete takes a key's row over), and no key of the table is held by two rows.
 * </ul>
 * Everywhere, rows carrying an id the ledger does not record for the table are a divergence, and so
 * is a loaded object that vanished from the lake or whose content changed since it was loaded.
 *
 * @param verifiedAt when the report was made (the sync's clock)
 * @param lake the lake, as {@link io.insightflow.spi.ObjectStore#describe()} shows it
 * @param schema the target schema
 * @param windowStart start of the window objects outside of which are {@link Reason#OUTSIDE_WINDOW}, or null
 * @param windowEnd end (exclusive) of that window, or null
 * @param tables one check per table of the lake or the ledger, by name
 * @param divergences where the target and the lake disagree, by table then object
 * @param notLoaded complete or listed objects of the lake not loaded, and why, by table then object
 */
@Evolving
public record VerifyReport(Instant verifiedAt, String lake, String schema, Instant windowStart, Instant windowEnd,
    List<TableCheck> tables, List<Divergence> divergences, List<NotLoaded> notLoaded) {

  public VerifyReport {
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    tables = List.copyOf(tables);
    divergences = List.copyOf(divergences);
    notLoaded = List.copyOf(notLoaded);
  }

  /** Whether the target holds what the lake says it should: no divergence and no failed object. */
  @JsonProperty("consistent")
  public boolean consistent() {
    return divergences.isEmpty() && failed().isEmpty();
  }

  /** The objects whose last load failed, with their messages. */
  public List<NotLoaded> failed() {
    return notLoaded.stream().filter(n -> n.reason() == Reason.FAILED).toList();
  }

  /** The report as JSON (what {@code insightflow.verify.report} writes). */
  public String toJson() {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new InsightflowException("Cannot render the verify report as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The problems for a failure message: each divergence, then each failed object, one per entry. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    divergences.forEach(d -> out.add(d.message()));
    failed().forEach(n -> out.add("table " + Printable.of(n.table()) + ", object " + Printable.of(n.key())
        + " failed to load: " + n.message()));
    return out;
  }

  /** The report for people: a summary line, a table of the tables, then each problem and each object not loaded. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Verify of schema " + schema + " against " + lake + " at " + verifiedAt + ": " + tables.size()
        + " tables, " + (consistent() ? "consistent" : divergences.size() + " divergences, " + failed().size()
        + " failed objects") + "; not loaded: " + count(Reason.PENDING) + " pending, " + count(Reason.INCOMPLETE)
        + " in incomplete runs" + (windowStart == null && windowEnd == null ? ""
        : ", " + count(Reason.OUTSIDE_WINDOW) + " outside the window [" + windowStart + ", " + windowEnd + ")"));
    lines.add(String.format("  %-28s %-7s %7s %13s %13s %13s %9s  %-22s %-22s", "table", "mode", "objects",
        "rows promised", "rows found", "keys", "dup keys", "newest loaded (lag)", "newest in lake (lag)"));
    for (TableCheck t : tables) {
      lines.add(String.format("  %-28s %-7s %7d %13d %13d %13s %9s  %-22s %-22s", Printable.of(t.table()),
          t.writeMode().text(), t.objectsLoaded(), t.rowsPromised() - t.rowsRejected(), t.rowsFound(),
          t.keyCount() == null ? "-" : t.keyCount(), t.duplicateKeys() == null ? "-" : t.duplicateKeys(),
          time(t.freshness().newestLoaded(), t.freshness().loadedLag()),
          time(t.freshness().newestInLake(), t.freshness().lakeLag())));
    }
    divergences.forEach(d -> lines.add("  DIVERGENCE " + d.kind().name().toLowerCase(Locale.ROOT) + ": " + d.message()));
    failed().forEach(n -> lines.add("  FAILED table " + Printable.of(n.table()) + ", object " + Printable.of(n.key())
        + ": " + n.message()));
    notLoaded.stream().filter(n -> n.reason() != Reason.FAILED).forEach(n -> lines.add("  not loaded ("
        + n.reason().name().toLowerCase(Locale.ROOT) + ") table " + Printable.of(n.table()) + ", object "
        + Printable.of(n.key()) + ": " + n.message()));
    return lines;
  }

  private long count(Reason reason) {
    return notLoaded.stream().filter(n -> n.reason() == reason).count();
  }

  private static String time(Instant time, Duration lag) {
    return time == null ? "-" : time + " (" + lag + ")";
  }

  /**
   * One table.
   *
   * @param table the target table
   * @param writeMode its write mode
   * @param key its key columns (empty when it has none)
   * @param objectsLoaded objects whose rows the ledger says the table holds
   * @param rowsPromised rows their manifests promise (for objects without a manifest: rows loaded plus rejected)
   * @param rowsRejected rows their loads sent to the rejects location
   * @param rowsFound rows of the table carrying the id of one of them
   * @param rowsWithoutObject rows carrying no object id (inserted by hand, or before the table was synced)
   * @param keyCount for a merge table, the distinct keys of the table; else null
   * @param duplicateKeys for a merge table, the keys held by more than one row (0 while its unique index
   *     exists, as sync creates it); else null
   * @param freshness newest partition loaded and in the lake, and their lag
   * @param objects each object of the ledger, checked
   */
  public record TableCheck(String table, WriteMode writeMode, List<String> key, long objectsLoaded,
      long rowsPromised, long rowsRejected, long rowsFound, long rowsWithoutObject, Long keyCount,
      Long duplicateKeys, TableFreshness freshness, List<ObjectCheck> objects) {
    public TableCheck {
      key = List.copyOf(key);
      objects = List.copyOf(objects);
    }
  }

  /**
   * One object of the ledger.
   *
   * @param key the object key
   * @param objectId its id in the ledger, which its rows carry
   * @param state {@code loaded}, or {@code superseded} (an older run of a replace table: holds no rows)
   * @param rowsPromised rows its manifest promises (without a manifest: rows loaded plus rejected)
   * @param rowsRejected rows its load rejected
   * @param rowsFound rows of the table carrying its id
   */
  public record ObjectCheck(String key, int objectId, String state, long rowsPromised, long rowsRejected,
      long rowsFound) {}

  /** What kind of disagreement a {@link Divergence} is. */
  public enum Kind {
    /** The rows carrying the object's id are not what its manifest promises (see the write modes above). */
    ROWS,
    /** The object's content changed since it was loaded (another CRC32C, size or ETag). */
    CHANGED,
    /** The object was loaded but is no longer in the lake. */
    VANISHED,
    /** A merge table holds a key in more than one row. */
    DUPLICATE_KEYS,
    /** Rows carry an object id the ledger does not record for this table. */
    UNKNOWN_OBJECT
  }

  /**
   * A disagreement between the lake and the target.
   *
   * @param table the target table
   * @param key the object key; for {@link Kind#DUPLICATE_KEYS} and {@link Kind#UNKNOWN_OBJECT}, null
   * @param kind what disagrees
   * @param expected the figure the lake (or the ledger) gives: rows; for {@link Kind#CHANGED} the CRC32C
   *     (or ETag) loaded; for {@link Kind#VANISHED} {@code present}; for the others {@code 0}
   * @param found the figure the target (or the lake now) gives, in the same terms
   * @param message both figures, the table and the object, escaped ({@link Printable})
   */
  public record Divergence(String table, String key, Kind kind, String expected, String found, String message) {
    public Divergence {
      Objects.requireNonNull(kind, "kind");
      message = Printable.escape(message);
    }
  }

  /** Why an object of the lake is not loaded. */
  public enum Reason {
    /** Complete, not loaded yet: the next sync loads it. */
    PENDING,
    /** Its last load failed; the message says why. */
    FAILED,
    /** No complete run lists it (its manifest is not written yet, or a part of its run is missing). */
    INCOMPLETE,
    /** Its partition time is outside the configured window. */
    OUTSIDE_WINDOW
  }

  /**
   * An object of the lake that the target does not hold.
   *
   * @param table the target table
   * @param key the object key (for a run with a part missing: the missing part)
   * @param reason why
   * @param message the details (the failure, the scan's problem), escaped
   */
  public record NotLoaded(String table, String key, Reason reason, String message) {
    public NotLoaded {
      Objects.requireNonNull(reason, "reason");
      message = Printable.escape(message);
    }
  }
}
