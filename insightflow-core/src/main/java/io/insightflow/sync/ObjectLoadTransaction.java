package io.insightflow.sync;

import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * The load of one lake object into its table as a single transaction, so that the object's rows,
 * the removal of an earlier version's rows and its ledger row become visible together or not at
 * all: what makes sync exactly-once.
 *
 * <p>{@link #load} borrows a connection from the sink's idle connections and begins the transaction:
 * it claims the object with a non-blocking advisory lock, makes the table's schema changes the object
 * needs ({@link TableDdl#evolve}: new columns, safe widenings), re-checks the ledger, deletes the rows of
 * an earlier version and COPYs the object straight from the lake, checked against its manifest
 * (or, with {@link OnError#REJECT}, loads the good records and writes the bad ones aside). The
 * transaction stays open: {@link #prepareCommit} hands it, with the connection, to a
 * {@link PostgresSink.Load}, whose commit writes the ledger row and COMMITs ({@link LoadCommitter}).
 * Until then this class owns the connection and {@link #close()} rolls back and gives it back.
 * Confined to the writer's thread.
 */
final class ObjectLoadTransaction extends OpenTransaction {

  private final SyncCatalog catalog;
  private final TableDdl ddl;
  private final CheckedCopy copy;
  private final OnError onError;
  private final boolean reload;
  private LedgerEntry entry;

  ObjectLoadTransaction(IdleConnections connections, SyncCatalog catalog, TableDdl ddl, CheckedCopy copy,
      OnError onError, boolean reload) {
    super(connections);
    this.catalog = catalog;
    this.ddl = ddl;
    this.copy = copy;
    this.onError = onError;
    this.reload = reload;
  }

  /**
   * Claims, re-checks the ledger, replaces and COPYs, leaving the transaction open; the object is
   * {@link LedgerEntry.Status#BUSY} when another worker holds it, {@link LedgerEntry.Status#SKIPPED}
   * when the ledger has it already.
   *
   * @throws BadObjectException when the bytes, CRC32C or rows differ from the manifest
   */
  void load(ObjectStore lake, LakeObject o) throws SQLException, IOException {
    Connection c = connection();
    boolean headerMatch = CheckedCopy.headerMatch(c);
    ddl.create(c, o);
    String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), o.table());
    c.setAutoCommit(false);
    if (!SyncCatalog.tryLock(c, "object:" + catalog.schema() + "/" + o.key())) {
      entry = new LedgerEntry(o, 0, LedgerEntry.Status.BUSY);
      return;
    }
    // [#21] In this transaction, before any lock on the table: a failed object leaves the table as it was.
    ddl.evolve(c, o);
    LedgerEntry loading = new LedgerEntry(o, 0, LedgerEntry.Status.LOADED);
    if (!catalog.replacePrevious(c, loading, reload)) {
      loading.status = LedgerEntry.Status.SKIPPED;
      entry = loading;
      return;
    }
    copyInto(c, lake, loading, qualified, headerMatch, copy, onError);
    entry = loading;
  }

  /**
   * COPYs the entry's object into {@code qualified} in the open transaction, its rows marked with
   * the entry's id, and fills in rows (and rejects, with {@link OnError#REJECT}).
   */
  static void copyInto(Connection c, ObjectStore lake, LedgerEntry loading, String qualified, boolean headerMatch,
      CheckedCopy copy, OnError onError) throws SQLException, IOException {
    CheckedCopy.provenance(c, loading.id);
    copyRows(c, lake, loading, qualified, headerMatch, copy, onError);
  }

  /**
   * {@link #copyInto} without the provenance id: COPYs the entry's object into {@code qualified} (a
   * merge's staging table) and fills in rows (and rejects, with {@link OnError#REJECT}).
   */
  static void copyRows(Connection c, ObjectStore lake, LedgerEntry loading, String qualified, boolean headerMatch,
      CheckedCopy copy, OnError onError) throws SQLException, IOException {
    LakeObject o = loading.object;
    String copySql = CheckedCopy.copySql(qualified, o, headerMatch);
    // Rejecting splits CSV records (a record CsvGuard cannot load as written goes to the rejects too);
    // a JSON-lines object fails as a whole at its bad line.
    Savepoint savepoint = onError == OnError.REJECT && !o.format().jsonLines() ? c.setSavepoint() : null;
    try (CheckedObject in = CheckedObject.open(lake, o, copy.limits())) {
      loading.rows = copy.copy(c, copySql, o, in, CheckedCopy.guarded(o));
    } catch (SQLException | BadLineException e) {
      if (savepoint == null || (e instanceof SQLException sql && !CheckedCopy.isDataError(sql))) {
        throw e;
      }
      c.rollback(savepoint);
      RejectingCopy.Result r = new RejectingCopy(lake, copy.limits()).copy(c, CheckedCopy.copyManager(c),
          CheckedCopy.copySql(qualified, o.columns(), headerMatch, ObjectFormat.CSV), o);
      loading.rows = r.loaded();
      loading.rejected = r.rejected();
      loading.rejectsKey = r.rejectsKey();
    }
  }

  /** Hands the open transaction and its connection to the returned load; nothing is visible yet. */
  PostgresSink.Load prepareCommit(String table) {
    return handOver(table, List.of(entry));
  }

  /** Records the object in the ledger, unless another worker had it or the ledger had it already. */
  @Override
  public boolean publish(Connection c) throws SQLException {
    return publishLoaded(catalog, c, entry);
  }
}
