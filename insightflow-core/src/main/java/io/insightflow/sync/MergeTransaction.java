package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
 * key of the <em>latest</em> loaded object that has the key.
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
 * <p><b>Fresh keys.</b> An object none of whose keys the table holds (the first load of a table)
 * is COPYed straight into it, holding the same lock shared, and upserted only when that COPY meets
 * a key ({@link FreshKeysCopy}): the same result, at COPY speed (the key's index still costs
 * PostgreSQL about twice the load, which no client-side path avoids).
 *
 * <p><b>Reloading</b> an object in the version the ledger has is skipped. A forced reload, or a
 * rewritten object (new content under the same key), first deletes the rows its earlier version
 * left (rows whose latest object it was) and then upserts at its position: identical content ends
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
  private final FreshKeysCopy fresh;
  private LedgerEntry entry;

  /**
   * @param keys the table's effective key ({@link TableKeys}), not empty
   * @param fresh the fast path tried first, shared by the sink's writers
   */
  MergeTransaction(IdleConnections connections, SyncCatalog catalog, TableDdl ddl, CheckedCopy copy,
      OnError onError, boolean reload, List<String> keys, FreshKeysCopy fresh) {
    super(connections);
    this.fresh = fresh;
    this.catalog = catalog;
    this.ddl = ddl;
    this.copy = copy;
    this.onError = onError;
    this.reload = reload;
    this.keys = List.copyOf(keys);
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
    checkKeyColumns(o, keys);
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
    if (fresh.load(c, lake, loading, qualified, headerMatch, keys)) {
      entry = loading; // none of its keys was in the table: COPYed straight in
      return;
    }
    try (Statement st = c.createStatement()) {
      for (String sql : stageSql(qualified, o.columns(), keys)) {
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
    try (PreparedStatement ps = c.prepareStatement(upsertSql(catalog, qualified, o.columns(), keys))) {
      ps.setTimestamp(1, Timestamp.from(o.partitionTime()));
      ps.setString(2, o.manifestKey() == null ? "" : o.manifestKey());
      ps.setString(3, o.key());
      ps.executeUpdate();
    }
    entry = loading;
  }

  /**
   * Fails an object that lacks a column of the key: its rows could not be matched.
   *
   * @throws BadObjectException naming the table, the object and the column
   */
  static void checkKeyColumns(LakeObject o, List<String> keys) {
    for (String k : keys) {
      if (o.columns().stream().noneMatch(col -> col.name().equals(k))) {
        throw new BadObjectException(o.key(), 0, k, "Cannot merge object into table " + o.table() + ": it has no"
            + " column " + k + " of the table's key (" + String.join(", ", keys) + "); nothing of it was loaded");
      }
    }
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
   * key columns {@code NOT NULL}, and the row number; and the transaction's memory for the dedup sort.
   */
  static List<String> stageSql(String qualified, List<RunManifest.Column> columns, List<String> keys) {
    return List.of("CREATE TEMP TABLE \"_insightflow_merge\" ON COMMIT DROP AS SELECT " + names(columns, "")
        + " FROM " + qualified + " WITH NO DATA",
        "ALTER TABLE " + STAGE + " " + keys.stream().map(k -> "ALTER COLUMN " + Identifiers.quote(k) + " SET NOT NULL, ")
            .collect(Collectors.joining()) + "ADD COLUMN \"" + ROW + "\" bigint GENERATED ALWAYS AS IDENTITY (CACHE " + ROW_CACHE + ")",
        // The dedup sort of a 1,000,000-row part fits in 64 MB; less spills it to disk. Never lowers it.
        "SELECT set_config('work_mem', '64MB', true) WHERE pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024");
  }

  /**
   * The upsert from the staging table; its parameters are this object's lake position: partition
   * time, manifest key ('' for none), object key.
   */
  static String upsertSql(SyncCatalog catalog, String qualified, List<RunManifest.Column> columns,
      List<String> keys) {
    String key = keys.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    String provenance = '"' + SyncCatalog.PROVENANCE + '"';
    StringBuilder set = new StringBuilder();
    for (RunManifest.Column col : columns) {
      if (!keys.contains(col.name())) {
        set.append(Identifiers.quote(col.name())).append(" = EXCLUDED.").append(Identifiers.quote(col.name()))
            .append(", ");
      }
    }
    set.append(provenance).append(" = EXCLUDED.").append(provenance);
    return "INSERT INTO " + qualified + " AS t (" + names(columns, "") + ") SELECT " + names(columns, "s.")
        + " FROM (SELECT DISTINCT ON (" + key + ") * FROM " + STAGE + " ORDER BY " + key + ", \"" + ROW
        + "\" DESC) s ON CONFLICT (" + key + ") DO UPDATE SET " + set + " WHERE NOT EXISTS (SELECT 1 FROM "
        + catalog.table(SyncCatalog.LOADED) + " l WHERE l.object_id = t." + provenance
        + " AND (l.partition_time, coalesce(l.manifest_key, '') COLLATE \"C\", l.object_key COLLATE \"C\")"
        + " > (?::timestamptz, ?::text COLLATE \"C\", ?::text COLLATE \"C\"))";
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
