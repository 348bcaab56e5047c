package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.layout.KeyColumns;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The commit of an ingest run's staged batches ({@link StagedRun}) into a {@link WriteMode#MERGE}
 * table: each batch is upserted as {@link MergeTransaction} upserts a lake object, with the same
 * statements, at the lake position the batch has ({@code ingest:<table>@<trigger time>/part-00001}:
 * the run's trigger time, then its batch number, zero-padded). Batches come in chunk order, and
 * rows within a batch in the source's order, so the order is the one a lake sync of the same run
 * gives (partition time, part, row): an ingest straight into PostgreSQL and a lake sync of the same
 * runs end in the same table, and an older run committed after a newer one never overwrites its
 * rows. [#21]
 *
 * <p>The staging table numbers its rows ({@value MergeTransaction#ROW}) as COPY stages them, and its key
 * columns are {@code NOT NULL}, so a NULL key fails its batch at its line and column when it is
 * staged. The commit, under the table's merge lock (the one lake merges take), first removes the
 * rows of batches rewritten since an earlier attempt of the run and of batches that attempt had
 * beyond this one's, then upserts each batch in order, each with its own ledger row. Stateless
 * apart from what it is built with; runs on the committer's connection.
 */
final class StagedMerge {

  private final SyncCatalog catalog;
  private final String name;
  private final String table;
  private final String stage;
  private final List<RunManifest.Column> columns;
  private final List<String> keys;
  private final MergeRules.TableMerge rules;
  private final boolean reload;

  /**
   * @param table the target table
   * @param stage the run's staging table, qualified
   * @param keys the table's key, checked with {@link #key}
   * @param rules the table's deletes, soft deletes and ordering column, checked with {@link #key}
   */
  StagedMerge(SyncCatalog catalog, String table, String stage, List<RunManifest.Column> columns, List<String> keys,
      MergeRules.TableMerge rules, boolean reload) {
    this.catalog = catalog;
    this.name = table;
    this.table = Identifiers.qualified(InsightflowProperties.TABLES.name(), catalog.schema(), table);
    this.stage = stage;
    this.columns = List.copyOf(columns);
    this.keys = List.copyOf(keys);
    this.rules = rules;
    this.reload = reload;
  }

  /**
   * The key a run of {@code table} upserts on: {@code keys} (configuration, else the source's
   * primary key), which must name columns of the run, as must the columns {@code rules} name.
   *
   * @throws InsightflowException when there is none or it or a rule names no column of the run,
   *     naming the setting to change
   */
  static List<String> key(String table, TableKeys keys, List<RunManifest.Column> columns,
      MergeRules.TableMerge rules) {
    String setKeys = InsightflowProperties.SYNC_KEYS.nameFor(table);
    if (!keys.present()) {
      throw new InsightflowException("Cannot merge into table " + table + ": it has no key; set " + setKeys
          + "=<column>[,<column>…] (or give the source table a primary key), or set "
          + InsightflowProperties.SYNC_WRITE_MODE.nameFor(table) + "=append");
    }
    KeyColumns.problem(keys.columns(), columns).ifPresent(problem -> {
      throw new InsightflowException("Cannot merge into table " + table + ": " + problem + "; set " + setKeys
          + " to the table's key");
    });
    requireColumn(table, columns, rules.deleteMarker() == null ? null : rules.deleteMarker().column(),
        InsightflowProperties.SYNC_DELETE_MARKER.nameFor(table));
    requireColumn(table, columns, rules.orderBy(), InsightflowProperties.SYNC_ORDER_BY.nameFor(table));
    if (rules.softDelete() != null && keys.columns().contains(rules.softDelete())) {
      throw new InsightflowException("Cannot merge into table " + table + ": its soft delete column "
          + rules.softDelete() + " is a column of the table's key; set " + InsightflowProperties.SYNC_SOFT_DELETE
          .nameFor(table) + " to another column");
    }
    return keys.columns();
  }

  private static void requireColumn(String table, List<RunManifest.Column> columns, String column, String setting) {
    if (column != null && columns.stream().noneMatch(col -> col.name().equals(column))) {
      throw new InsightflowException("Cannot merge into table " + table + ": the run has no column " + column
          + " that " + setting + " names; set it to a column of the run");
    }
  }

  List<String> keys() {
    return keys;
  }

  /**
   * The statement that makes a new staging table a merge's: key columns and the ordering column NOT
   * NULL (a NULL fails its batch at its line and column), rows numbered.
   */
  String prepareStageSql() {
    return "ALTER TABLE " + stage + " " + MergeTransaction.numberRowsSql(keys, rules);
  }

  /**
   * Whether {@code stage} numbers its rows: a staging table an earlier attempt left is resumed only
   * by a run in the write mode it was made for.
   */
  static boolean numbersRows(Connection c, String stage) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid"
        + " = to_regclass(?) AND attname = ? AND NOT attisdropped)")) {
      ps.setString(1, stage);
      ps.setString(2, MergeTransaction.ROW);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Sets the transaction's isolation; call first in the transaction. Whatever the server's default:
   * each upsert must take its snapshot after the merge lock, as {@link MergeTransaction}'s does.
   */
  static void readCommitted(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
  }

  /**
   * Upserts the run's batches and records them, forgetting (and removing the rows of) the batches
   * of an earlier attempt of {@code run} that this one lacks. In the committer's transaction.
   */
  void publish(Connection c, String run, List<LedgerEntry> entries) throws SQLException {
    try (Statement st = c.createStatement()) {
      // Before the turn, not after: a lake merge that alters the table waits for the turn holding its
      // exclusive lock, which would deadlock with this commit, and it is not retried as an object is.
      st.execute("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE");
    }
    SyncCatalog.lock(c, MergeTransaction.lockName(catalog, name));
    if (rules.softDelete() != null && !TableDdl.columns(c, table).containsKey(rules.softDelete())) {
      try (Statement st = c.createStatement()) {
        st.execute(MergeTransaction.softDeleteSql(table, rules.softDelete()));
      }
    }
    // Rows of the run's earlier attempt go before any batch is upserted: a longer attempt's later
    // batch would otherwise hold its keys against this attempt's earlier ones.
    List<LedgerEntry> upserts = new ArrayList<>();
    for (LedgerEntry entry : entries) {
      if (catalog.replacePrevious(c, entry, reload)) {
        upserts.add(entry);
      } else {
        entry.status = LedgerEntry.Status.SKIPPED;
      }
    }
    catalog.forgetRunExcept(c, run, entries.stream().map(e -> e.object.key()).toList());
    for (LedgerEntry entry : upserts) {
      upsert(c, entry);
      entry.status = LedgerEntry.Status.LOADED;
      catalog.record(c, entry);
    }
  }

  /**
   * Copies one batch into {@link MergeTransaction#STAGE}, keeping its row numbers, and upserts it
   * from there. The temporary tables are dropped after each batch: a new one per upsert is what keeps
   * PostgreSQL from reusing a plan whose provenance default was folded for an earlier batch.
   */
  private void upsert(Connection c, LedgerEntry entry) throws SQLException {
    String names = columns.stream().map(col -> Identifiers.quote(col.name())).collect(Collectors.joining(", "));
    try (Statement st = c.createStatement()) {
      for (String sql : MergeTransaction.stageSql(table, columns, keys, rules)) {
        st.execute(sql);
      }
      long moved = st.executeUpdate("INSERT INTO " + MergeTransaction.STAGE + " (" + names + ", \""
          + MergeTransaction.ROW + "\") OVERRIDING SYSTEM VALUE SELECT " + names + ", \"" + MergeTransaction.ROW
          + "\" FROM " + stage + " WHERE \"" + SyncCatalog.PROVENANCE + "\" = " + entry.number);
      if (moved != entry.rows) {
        throw new InsightflowException("Batch " + entry.object.key() + " has " + moved + " staged rows, not "
            + entry.rows + "; run the ingest again");
      }
      CheckedCopy.provenance(c, entry.id);
      entry.unseenDeletes = MergeSql.forStage(c, catalog, name, columns, keys, rules).apply(c, entry.object, entry.id);
      st.execute("DROP TABLE " + MergeTransaction.STAGE);
      st.execute("DROP TABLE IF EXISTS " + MergeSql.LAST); // with a delete marker
    }
  }
}
