package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The load of one lake object into a {@link WriteMode#MERGE} table as a single transaction: an
 * upsert on the table's key whose result does not depend on the order, concurrency or number of
 * workers that load the objects. [#21]
 *
 * <p><b>What the table must equal.</b> Applying every loaded object in lake order: objects by
 * (partition time, manifest key, object key), a total order every worker computes alike from the
 * object alone (parts of a run are {@code …-part-00007}, zero-padded, so key order is part order),
 * then rows by their order in the object. So for each key the table holds the last row with that
 * key of the <em>latest</em> loaded object that has the key, whole: a column that object lacks is
 * NULL, whatever an earlier object had in it (columns with a default, identity or generation, the
 * user's own, are left to PostgreSQL).
 *
 * <p><b>How.</b> The object is COPYed into a transaction-local temporary table (not WAL-logged) whose
 * identity column numbers the rows in input order, with the same checks and reject mode as an
 * append; its key columns are {@code NOT NULL}, so a NULL key fails the object at its line and
 * column (or, with {@link OnError#REJECT}, is rejected like any bad row). {@code DISTINCT ON (key)
 * … ORDER BY key, row DESC} keeps each key's last row, and {@code INSERT … ON CONFLICT (key) DO
 * UPDATE … WHERE} replaces a stored row only when the object the stored row came from (its
 * provenance column) is not later in lake order than this object: its position is read from the
 * ledger, which recorded it in the same transaction as that row. Rows with no provenance or an
 * object the ledger does not know (data that was there before sync) always give way.
 *
 * <p><b>Why that is right whatever the load order.</b> Invariant: every key's row comes from the
 * latest loaded object that has the key. An upsert keeps it, because "the later of the stored and
 * the incoming" is the maximum, and a maximum does not depend on the order its elements arrive in.
 * It only needs each upsert to see every earlier commit of the table together with that commit's
 * ledger row: the upsert runs under a transaction-scoped advisory lock of the table, taken after
 * the COPY (which, with the parsing and checks, runs in parallel on every worker) and held until
 * COMMIT. PostgreSQL releases a lock only once its transaction is visible, and the upsert statement
 * takes its snapshot after acquiring the lock (the transaction is read committed, set explicitly
 * whatever the server's default), so it sees the previous holder's rows and ledger rows. Without the lock, an upsert blocked on another worker's uncommitted row would
 * re-check that row after its commit with a snapshot that lacks the other worker's ledger row.
 * The same lock rules out deadlocks between merge workers: each holds one lock it waits for, and
 * touches the table's rows only under it. Deadlocks and serialization failures with other
 * transactions (a user's) roll the object back and {@link Reconnect} retries it. Rows are upserted
 * in key order, so the index is filled in order.
 *
 * <p><b>Deletes and an ordering column</b> ({@link MergeRules}): with a delete marker, a key whose
 * latest version is a delete has no row but a tombstone that keeps its place in lake order, so an
 * earlier insert loaded later stays out and a later one brings the key back; with an ordering
 * column, versions compare by that column first. {@link MergeSql} has the statements and why they
 * do not depend on load order either. The deletes whose key no row held are counted in the ledger
 * ({@code unseen_deletes}): legitimate (the insert may load later) and worth seeing.
 * <p><b>Fresh keys.</b> An object none of whose keys the table holds (the first load of a table), with
 * no delete marker nor ordering column,
 * is COPYed straight into it, holding the same lock shared, and upserted only when that COPY meets
 * a key ({@link FreshKeysCopy}): the same result, at COPY speed (the key's index still costs
 * PostgreSQL about twice the load, which no client-side path avoids).
 *
 * <p><b>Reloading</b> an object in the version the ledger has is skipped. A forced reload, or a
 * rewritten object (new content under the same key), first deletes the rows its earlier version
 * left (rows whose latest object it was, and its tombstones) and then upserts at its position: identical content ends
 * identical. A rewritten object that lacks a key its earlier version had leaves that key absent,
 * even when an earlier object had it: earlier values are not kept. The ledger's {@code rows_loaded}
 * counts the object's rows, duplicates included.
 *
 * <p>Like {@link ObjectLoadTransaction}, {@link #load} leaves the transaction open and
 * {@link #prepareCommit} hands it to the {@link PostgresSink.Load} that {@link LoadCommitter}
 * commits with the ledger row. Confined to the writer's thread.
 */
final class MergeTransaction extends OpenTransaction {

  /** The staging table, temporary and dropped at the end of the transaction. */
  static final String STAGE = "pg_temp.\"_insightflow_merge\"";
  /** The staging table's row number: the row's place in the object. */
  static final String ROW = "_insightflow_row";
  /**
   * Row numbers the staging sequence hands out per fetch: numbering 1,000,000 rows one fetch each
   * cost half a second, as much as their COPY (the sequence is temporary: numbers are never reused
   * across objects, and only their order within the object matters).
   */
  private static final int ROW_CACHE = 100_000;

  private final SyncCatalog catalog;
  private final TableDdl ddl;
  private final CheckedCopy copy;
  private final OnError onError;
  private final boolean reload;
  private final List<String> keys;
  private final MergeRules.TableMerge rules;
  private final FreshKeysCopy fresh;
  private LedgerEntry entry;

  /**
   * @param keys the table's effective key ({@link TableKeys}), not empty
   * @param rules the table's delete marker, soft delete column and ordering column, if any
   * @param fresh the fast path tried first, shared by the sink's writers
   */
  MergeTransaction(IdleConnections connections, SyncCatalog catalog, TableDdl ddl, CheckedCopy copy,
      OnError onError, boolean reload, List<String> keys, MergeRules.TableMerge rules, FreshKeysCopy fresh) {
    super(connections);
    this.fresh = fresh;
    this.catalog = catalog;
    this.ddl = ddl;
    this.copy = copy;
    this.onError = onError;
    this.reload = reload;
    this.keys = List.copyOf(keys);
    this.rules = rules;
  }

  /**
   * Claims, stages, takes the table's merge lock, re-checks the ledger and upserts, leaving the
   * transaction open; the object is {@link LedgerEntry.Status#BUSY} when another worker holds it,
   * {@link LedgerEntry.Status#SKIPPED} when the ledger has it already.
   *
   * @throws BadObjectException when the object lacks a key column, or its bytes, CRC32C or rows
   *     differ from the manifest
   */
  void load(ObjectStore lake, LakeObject o) throws SQLException, IOException {
    checkColumns(o, keys, rules);
    Connection c = connection();
    boolean headerMatch = CheckedCopy.headerMatch(c);
    ddl.create(c, o);
    ddl.ensureKey(c, o.table(), keys);
    String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), o.table());
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      // Whatever the server's default: the upsert must take its snapshot after the merge lock (above).
      st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
    if (!SyncCatalog.tryLock(c, "object:" + catalog.schema() + "/" + o.key())) {
      entry = new LedgerEntry(o, 0, LedgerEntry.Status.BUSY);
      return;
    }
    ddl.evolve(c, o); // in the object's transaction, before the staging table copies the table's columns
    LedgerEntry loading = new LedgerEntry(o, 0, LedgerEntry.Status.LOADED);
    // Delete rows must not land as rows, and a NULL ordering value must fail its row: both need the staging.
    boolean plain = rules.deleteMarker() == null && rules.orderBy() == null;
    if (plain && fresh.load(c, lake, loading, qualified, headerMatch, keys)) {
      entry = loading; // none of its keys was in the table: COPYed straight in
      return;
    }
    try (Statement st = c.createStatement()) {
      if (rules.softDelete() != null && !TableDdl.columns(c, qualified).containsKey(rules.softDelete())) {
        st.execute(softDeleteSql(qualified, rules.softDelete()));
      }
      for (String sql : stageSql(qualified, o.columns(), keys, rules)) {
        st.execute(sql);
      }
    }
    ObjectLoadTransaction.copyRows(c, lake, loading, STAGE, headerMatch, copy, onError);
    lockTable(c, o, copy.limits(), lockName(catalog, o.table()), false);
    if (!catalog.replacePrevious(c, loading, reload)) {
      loading.status = LedgerEntry.Status.SKIPPED;
      entry = loading;
      return;
    }
    CheckedCopy.provenance(c, loading.id);
    // The table's columns are read after the staging table took its lock on the table: no other object's
    // ALTER can come between.
    loading.unseenDeletes = MergeSql.forStage(c, catalog, o.table(), o.columns(), keys, rules).apply(c, o, loading.id);
    entry = loading;
  }

  /**
   * Fails an object that lacks a column of the key (its rows could not be matched), of the delete
   * marker or the ordering column (its rows could not be applied as configured).
   *
   * @throws BadObjectException naming the table, the object and the column
   */
  static void checkColumns(LakeObject o, List<String> keys, MergeRules.TableMerge rules) {
    for (String k : keys) {
      requireColumn(o, k, "the table's key (" + String.join(", ", keys) + ")");
    }
    if (rules.deleteMarker() != null) {
      requireColumn(o, rules.deleteMarker().column(), "its delete marker ("
          + io.insightflow.config.InsightflowProperties.SYNC_DELETE_MARKER.name() + ")");
    }
    if (rules.softDelete() != null && keys.contains(rules.softDelete())) {
      throw new BadObjectException(o.key(), 0, rules.softDelete(), "Cannot merge object into table " + o.table()
          + ": its soft delete column " + rules.softDelete() + " (" + io.insightflow.config.InsightflowProperties
          .SYNC_SOFT_DELETE.name() + ") is a column of the table's key; name another column");
    }
    if (rules.orderBy() != null) {
      requireColumn(o, rules.orderBy(), "its ordering column ("
          + io.insightflow.config.InsightflowProperties.SYNC_ORDER_BY.name() + ")");
    }
  }

  private static void requireColumn(LakeObject o, String column, String what) {
    if (o.columns().stream().noneMatch(col -> col.name().equals(column))) {
      throw new BadObjectException(o.key(), 0, column, "Cannot merge object into table " + o.table() + ": it has no"
          + " column " + column + " of " + what + "; nothing of it was loaded");
    }
  }

  /** Adds the soft delete column, when missing, in the object's transaction. */
  static String softDeleteSql(String qualified, String column) {
    return "ALTER TABLE " + qualified + " ADD COLUMN IF NOT EXISTS " + Identifiers.quote(column) + " timestamptz";
  }

  /**
   * Waits for the table's merge lock {@code name} (exclusive, or {@code shared} for a
   * {@link FreshKeysCopy}), but not past the sync's deadline: behind a long transaction of another
   * worker (or a user's), a Lambda would otherwise be killed mid-wait. Past it, the object is rolled
   * back and stays pending, as a deadline mid-COPY leaves it.
   */
  static void lockTable(Connection c, LakeObject o, LoadLimits limits, String name, boolean shared)
      throws SQLException, DeadlineReachedException {
    long left = limits.millisLeft();
    if (left <= 0) {
      throw new DeadlineReachedException(o.key());
    }
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL lock_timeout = " + (left == Long.MAX_VALUE ? 0 : Math.max(1, left)));
    }
    try {
      if (shared) {
        SyncCatalog.lockShared(c, name);
      } else {
        SyncCatalog.lock(c, name);
      }
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw new DeadlineReachedException(o.key());
      }
      throw e;
    }
  }

  /** SQLSTATE of a lock wait that {@code lock_timeout} ended. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  /** The advisory lock that serialises the upserts of one table (see the class documentation). */
  static String lockName(SyncCatalog catalog, String table) {
    return "merge:" + catalog.schema() + "." + table;
  }

  /**
   * The statements that prepare the staging table: the object's columns with the target's types, the
   * key columns and the ordering column {@code NOT NULL} (a NULL fails at its line and column, or is
   * rejected), and the row number; and the transaction's memory for the dedup sort.
   */
  static List<String> stageSql(String qualified, List<RunManifest.Column> columns, List<String> keys,
      MergeRules.TableMerge rules) {
    return List.of("CREATE TEMP TABLE \"_insightflow_merge\" ON COMMIT DROP AS SELECT " + names(columns, "")
        + " FROM " + qualified + " WITH NO DATA",
        "ALTER TABLE " + STAGE + " " + numberRowsSql(keys, rules) + " (CACHE " + ROW_CACHE + ")",
        // The dedup sort of a 1,000,000-row part fits in 64 MB; less spills it to disk. Never lowers it.
        "SELECT set_config('work_mem', '64MB', true) WHERE pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024");
  }

  /**
   * The clauses of an {@code ALTER TABLE} that make a staging table a merge's: the key columns and
   * the ordering column {@code NOT NULL} (a NULL fails at its line and column, or is rejected), and
   * the row number, an identity column (its options may follow).
   */
  static String numberRowsSql(List<String> keys, MergeRules.TableMerge rules) {
    List<String> notNull = new ArrayList<>(keys);
    if (rules.orderBy() != null && !keys.contains(rules.orderBy())) {
      notNull.add(rules.orderBy());
    }
    return notNull.stream().map(k -> "ALTER COLUMN " + Identifiers.quote(k) + " SET NOT NULL, ")
        .collect(Collectors.joining()) + "ADD COLUMN \"" + ROW + "\" bigint GENERATED ALWAYS AS IDENTITY";
  }

  private static String names(List<RunManifest.Column> columns, String prefix) {
    return columns.stream().map(col -> prefix + Identifiers.quote(col.name())).collect(Collectors.joining(", "));
  }

  /** Hands the open transaction and its connection to the returned load; nothing is visible yet. */
  PostgresSink.Load prepareCommit(String table) {
    return handOver(table, List.of(Objects.requireNonNull(entry, "entry")));
  }

  /** Records the object in the ledger, unless another worker had it or the ledger had it already. */
  @Override
  public boolean publish(Connection c) throws SQLException {
    return publishLoaded(catalog, c, entry);
  }
}
