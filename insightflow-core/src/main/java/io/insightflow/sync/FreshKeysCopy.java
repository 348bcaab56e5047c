package io.insightflow.sync;

import io.insightflow.spi.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fast path of a {@link MergeTransaction}: an object none of whose keys its table holds yet (the
 * first load of a table, a run of new keys) is COPYed straight into the table, as an append is,
 * instead of staged, sorted and upserted row by row. Into an empty table that is what the upsert
 * would do, at a fraction of its cost (the upsert's {@code INSERT … SELECT} inserts row by row where
 * COPY inserts in bulk), and workers COPY at once instead of taking turns. [#21]
 *
 * <p><b>Why the result is the upsert's.</b> The table's unique index decides, not a snapshot: the
 * COPY succeeds only when no key of the object is in the table (committed, or inserted by a
 * transaction that commits: the index check waits for it) and no key is twice in the object, and
 * then the upsert would have inserted every row as it is. Any conflict (a unique violation, or a
 * deadlock with another worker's COPY) rolls back to a savepoint taken before, and the object goes
 * the upsert's way in the same transaction; so does any data error, so that a bad row fails (or,
 * with {@link OnError#REJECT}, is rejected) exactly as the upsert's staging reports it. The COPY
 * holds the table's merge lock <em>shared</em> until commit, and the upsert takes it exclusively:
 * an upsert never runs beside an uncommitted COPY, whose rows it would otherwise overwrite after
 * their commit with a snapshot that lacks their ledger row (see {@link MergeTransaction}). Rolling
 * back to the savepoint gives the shared lock back, so a worker that falls back never holds it while
 * it waits for the exclusive one.
 *
 * <p><b>When.</b> Only for an object the ledger does not have (a reload or rewrite deletes its earlier
 * rows first: the upsert's way), and only when every key column is {@code NOT NULL} in the table (a
 * unique index lets NULL keys in, which the upsert's staging refuses). After a unique violation the
 * table's objects go straight to the upsert for the rest of the sync: a table that holds the keys
 * (a run of updates) would otherwise COPY each object up to its first known key and then again.
 * {@link MergeTransaction} does not try it for a table with a delete marker (a delete row is no row,
 * and a tombstone may hold a key the table lacks) or an ordering column (whose NULLs the staging
 * refuses).
 * Thread-safe; one per sink, shared by its writers.
 */
final class FreshKeysCopy {

  /** SQLSTATE unique_violation: a key of the object is in the table (or twice in the object). */
  private static final String UNIQUE_VIOLATION = "23505";
  /** SQLSTATE deadlock_detected: two workers' COPYs wait for each other's keys. */
  private static final String DEADLOCK = "40P01";

  private final SyncCatalog catalog;
  private final CheckedCopy copy;
  /** Tables in which a COPY met a key the table had: the upsert's way from then on. */
  private final Set<String> conflicted = ConcurrentHashMap.newKeySet();

  FreshKeysCopy(SyncCatalog catalog, CheckedCopy copy) {
    this.catalog = catalog;
    this.copy = copy;
  }

  /**
   * COPYs the entry's object into {@code qualified}, its merge table, in the open transaction, when
   * this path applies and meets no conflict; then the entry has its id and rows. Returns false,
   * with the transaction as it was, when the object must be upserted instead.
   *
   * @throws BadObjectException when the bytes, CRC32C or rows differ from the manifest
   * @throws DeadlineReachedException when the deadline passes while waiting for the table's lock
   */
  boolean load(Connection c, ObjectStore lake, LedgerEntry loading, String qualified, boolean headerMatch,
      List<String> keys) throws SQLException, IOException {
    LakeObject o = loading.object;
    if (conflicted.contains(o.table()) || !keysNotNull(c, qualified, keys)
        || !catalog.recorded(c, List.of(o.key())).isEmpty()) {
      return false;
    }
    Savepoint savepoint = c.setSavepoint();
    // A deadlock while waiting for the lock is the worker's, as the upsert's would be: retried whole.
    MergeTransaction.lockTable(c, o, copy.limits(), MergeTransaction.lockName(catalog, o.table()), true);
    int id = catalog.objectId(c, o.key());
    CheckedCopy.provenance(c, id);
    try {
      ObjectLoadTransaction.copyRows(c, lake, loading, qualified, headerMatch, copy, OnError.FAIL);
      c.releaseSavepoint(savepoint);
      loading.id = id;
      return true;
    } catch (SQLException e) {
      if (!CheckedCopy.isDataError(e) && !DEADLOCK.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
      loading.rows = 0;
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        conflicted.add(o.table());
      }
      return false;
    }
  }

  /** Whether every key column of {@code qualified} is {@code NOT NULL}. */
  private static boolean keysNotNull(Connection c, String qualified, List<String> keys) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE attnotnull) = ? FROM pg_attribute"
        + " WHERE attrelid = to_regclass(?) AND attname = ANY (?) AND attnum > 0 AND NOT attisdropped")) {
      ps.setInt(1, keys.size());
      ps.setString(2, qualified);
      ps.setArray(3, c.createArrayOf("text", keys.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
