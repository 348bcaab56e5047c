package io.insightflow.sync;

import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The replace of one table by one run ({@link WriteMode#REPLACE}) as a single transaction: the
 * table's rows are deleted and every part of the run COPYed in, then the ledger records the parts
 * as loaded, the objects of older runs as superseded, and COMMIT makes it all visible at once.
 *
 * <p>Why {@code DELETE} and COPY in one transaction rather than a swap of tables: readers keep their
 * snapshot of the old rows until COMMIT and then see the new ones, never an empty or mixed table,
 * and they never wait: {@code DELETE} takes no lock that blocks a reader, where a rename swap (or
 * {@code TRUNCATE}) needs an exclusive lock, queues every new reader behind a long-running query, and
 * shows an empty table to a repeatable-read transaction whose snapshot is older than the swap. The
 * table stays the same object, so grants, indexes, comments, triggers, policies and views on it
 * keep working untouched (a foreign key that references the table is checked too: declared
 * {@code DEFERRABLE INITIALLY DEFERRED}, it is checked at COMMIT against the new run). The price is
 * the dead rows of the old run, which (auto)vacuum reclaims for the next run to reuse. [#21]
 *
 * <p>Order: under a transaction-scoped advisory lock of the table (tried, not awaited: a worker
 * that finds it taken leaves the work {@link LedgerEntry.Status#BUSY} for the next sync), the run
 * the table holds ({@link SyncCatalog#currentRun}) is read; a run older than it is only recorded as
 * superseded, so an older run never replaces a newer one whatever order or workers load them in.
 * Each object is also claimed by its own lock, as an append load would, so a sync that (wrongly)
 * appends the same objects at the same time cannot load one twice.
 *
 * <p>{@link #load} leaves the transaction open; {@link #prepareCommit} hands it to the
 * {@link PostgresSink.Load} that {@link LoadCommitter} commits. Confined to the writer's thread.
 */
final class ReplaceTransaction extends OpenTransaction {

  private final SyncCatalog catalog;
  private final TableDdl ddl;
  private final CheckedCopy copy;
  private final OnError onError;
  private final boolean reload;
  private final List<LedgerEntry> entries = new ArrayList<>();
  private ReplaceRuns.Work work;
  private LakeObject current;

  ReplaceTransaction(IdleConnections connections, SyncCatalog catalog, TableDdl ddl, CheckedCopy copy,
      OnError onError, boolean reload) {
    super(connections);
    this.catalog = catalog;
    this.ddl = ddl;
    this.copy = copy;
    this.onError = onError;
    this.reload = reload;
  }

  /**
   * Locks, decides and (when the run is newer than the table's) deletes and COPYs, leaving the
   * transaction open. Each object's entry says what became of it: loaded, superseded, skipped (the
   * ledger has it already) or busy (another worker holds the table or the object).
   *
   * @throws BadObjectException when a part's bytes, CRC32C or rows differ from its manifest
   */
  void load(ObjectStore lake, ReplaceRuns.Work w) throws SQLException, IOException {
    this.work = Objects.requireNonNull(w, "work");
    Connection c = connection();
    boolean headerMatch = CheckedCopy.headerMatch(c);
    for (LakeObject o : w.run()) {
      current = o;
      ddl.create(c, o);
    }
    current = null;
    c.setAutoCommit(false);
    if (!claim(c, w)) {
      w.objects().forEach(o -> entries.add(new LedgerEntry(o, 0, LedgerEntry.Status.BUSY)));
      return;
    }
    List<String> keys = w.objects().stream().map(LakeObject::key).toList();
    Map<String, String[]> recorded = catalog.recorded(c, keys);
    ReplaceRuns.Position holds = catalog.currentRun(c, w.table());
    boolean newer = holds == null || holds.compareTo(w.position()) <= 0;
    boolean inPlace = holds != null && holds.equals(w.position())
        && w.run().stream().allMatch(o -> is(recorded, o, SyncCatalog.LOADED_STATE));
    if (newer && !(inPlace && !reload)) {
      for (LakeObject o : w.run()) {
        current = o;
        ddl.evolve(c, o); // [#21] in the replace's transaction: a failed run leaves the table as it was
      }
      String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), w.table());
      try (Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM " + qualified);
      }
      for (LakeObject o : w.run()) {
        current = o;
        if (copy.limits().pastDeadline()) {
          // Between parts too, not only every few MB of one: the whole run rolls back and stays pending.
          throw new DeadlineReachedException(o.key());
        }
        LedgerEntry loading = new LedgerEntry(o, 0, LedgerEntry.Status.LOADED);
        loading.id = catalog.objectId(c, o.key());
        ObjectLoadTransaction.copyInto(c, lake, loading, qualified, headerMatch, copy, onError);
        entries.add(loading);
      }
      current = null;
    } else {
      w.run().forEach(o -> entries.add(settled(recorded, o, inPlace)));
    }
    for (LakeObject o : w.older()) {
      entries.add(settled(recorded, o, false));
    }
    for (LedgerEntry e : entries) {
      if (e.status == LedgerEntry.Status.SUPERSEDED) {
        e.id = catalog.objectId(c, e.object.key());
      }
    }
  }

  /** Takes the table's lock, then every object's; false when another worker holds one. */
  private boolean claim(Connection c, ReplaceRuns.Work w) throws SQLException {
    if (!SyncCatalog.tryLock(c, "replace:" + catalog.schema() + "." + w.table())) {
      return false;
    }
    for (LakeObject o : w.objects()) {
      if (!SyncCatalog.tryLock(c, "object:" + catalog.schema() + "/" + o.key())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The entry of an object that is not loaded: skipped when the ledger has it in this version (or,
   * for the run the table holds, {@code inPlace}), else superseded.
   */
  private static LedgerEntry settled(Map<String, String[]> recorded, LakeObject o, boolean inPlace) {
    boolean known = inPlace || recorded.containsKey(o.key()) && recorded.get(o.key())[0].equals(o.version());
    return new LedgerEntry(o, 0, known ? LedgerEntry.Status.SKIPPED : LedgerEntry.Status.SUPERSEDED);
  }

  private static boolean is(Map<String, String[]> recorded, LakeObject o, String state) {
    String[] r = recorded.get(o.key());
    return r != null && r[0].equals(o.version()) && r[1].equals(state);
  }

  /** The object being prepared or copied when {@link #load} failed, or null (blame the work then). */
  LakeObject current() {
    return current;
  }

  /** Hands the open transaction and its connection to the returned load; nothing is visible yet. */
  PostgresSink.Load prepareCommit() {
    return handOver(work.table(), List.copyOf(entries));
  }

  /**
   * Records the run's parts as loaded (and what was loaded before as superseded) and the older
   * objects as superseded; nothing when the work was busy or known.
   */
  @Override
  public boolean publish(Connection c) throws SQLException {
    boolean loaded = entries.stream().anyMatch(e -> e.status == LedgerEntry.Status.LOADED);
    if (loaded) {
      catalog.supersedeAllBut(c, work.table(), work.run().stream().map(LakeObject::key).toList());
    }
    boolean any = false;
    for (LedgerEntry e : entries) {
      if (e.status == LedgerEntry.Status.LOADED || e.status == LedgerEntry.Status.SUPERSEDED) {
        catalog.record(c, e);
        any = true;
      }
    }
    return any;
  }
}
