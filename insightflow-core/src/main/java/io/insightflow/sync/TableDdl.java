package io.insightflow.sync;

import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.sql.Identifiers;
import io.insightflow.internal.sql.PostgresType;
import io.insightflow.layout.RunManifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates target tables from a manifest's schema and evolves them for later data: new columns and
 * safe widenings ({@link ColumnChanges}, {@link TypeWidening}), applied in the object's own
 * transaction so that a failed object leaves its table as it was. Names and types come from the
 * lake, so both are validated before any SQL is built: names by {@link Identifiers} (and never one
 * of sync's own tables), types parsed by {@link PostgresType} and rendered from the parse, never as
 * written. Thread-safe; shared by the workers of one sync, it remembers the committed columns it has
 * seen to skip the catalog query.
 */
final class TableDdl {

  private static final Logger LOG = LoggerFactory.getLogger(TableDdl.class);

  /** Table → column → type, as committed when last read (never a change of an uncommitted transaction). */
  private final Map<String, Map<String, String>> known = new ConcurrentHashMap<>();
  private final SyncCatalog catalog;
  /** Merge tables whose key index {@link #ensureKey} found or made. */
  private final Set<String> keyed = ConcurrentHashMap.newKeySet();
  private final Function<String, SchemaChangeMode> modes;

  TableDdl(SyncCatalog catalog) {
    this(catalog, table -> SchemaChangeMode.EVOLVE);
  }

  /** @param modes the schema change mode of each table */
  TableDdl(SyncCatalog catalog, Function<String, SchemaChangeMode> modes) {
    this.catalog = catalog;
    this.modes = modes;
  }

  /**
   * Checks the object's table and columns and makes sure the table has them, in a transaction of
   * its own (the staged runs of the sink {@code postgresql}, whose staging table copies the target's).
   *
   * @throws LakeException naming the manifest if it names an invalid identifier or type; nothing is
   *     executed then
   * @throws SchemaChangeException when the table cannot take a column; nothing is changed then
   */
  void ensure(Connection c, LakeObject o) throws SQLException {
    create(c, o);
    inOwnTransaction(c, st -> evolve(c, o));
  }

  /**
   * Creates the object's table when absent, in a transaction of its own (an empty table changes no
   * data), with the provenance column; adds that column to a table the user created. Call with
   * autocommit on, before the object's transaction.
   *
   * @throws LakeException naming the manifest if it names an invalid identifier or type
   */
  void create(Connection c, LakeObject o) throws SQLException {
    check(o);
    if (known.containsKey(o.table())) {
      return;
    }
    String qualified = qualified(o.table());
    Map<String, String> existing = columns(c, qualified);
    if (existing.isEmpty() || !existing.containsKey(SyncCatalog.PROVENANCE)) {
      inOwnTransaction(c, st -> {
        SyncCatalog.lock(c, "ddl:" + catalog.schema() + "." + o.table());
        Map<String, String> now = columns(c, qualified);
        String provenance = '"' + SyncCatalog.PROVENANCE + "\" integer DEFAULT "
            + catalog.table(SyncCatalog.OBJECT_ID_FUNCTION) + "()";
        if (now.isEmpty()) {
          StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualified).append(" (");
          for (RunManifest.Column col : o.columns()) {
            sql.append(Identifiers.quote(col.name())).append(' ').append(PostgresType.parse(col.type()).sql())
                .append(col.nullable() ? "" : " NOT NULL").append(", ");
          }
          st.execute(sql.append(provenance).append(')').toString());
        } else if (!now.containsKey(SyncCatalog.PROVENANCE)) {
          st.execute("ALTER TABLE " + qualified + " ADD COLUMN " + provenance);
        }
      });
      existing = columns(c, qualified);
    }
    known.put(o.table(), existing);
  }

  /**
   * Adds the object's new columns and applies safe widenings in the caller's open transaction,
   * before the object's COPY: a failed object rolls them back with its rows. The table exists
   * ({@link #create}). Columns that need nothing take no lock; a change takes a transaction-scoped
   * advisory lock of the table (so concurrent workers change it one at a time, each re-reading what
   * the one before committed) and then {@code ALTER TABLE}'s ACCESS EXCLUSIVE lock, both until the
   * object commits.
   *
   * @throws SchemaChangeException when the table cannot take a column (no safe widening, a frozen
   *     table, a view on the column): nothing is changed then
   */
  void evolve(Connection c, LakeObject o) throws SQLException {
    SchemaChangeMode mode = modes.apply(o.table());
    Map<String, String> have = known.get(o.table());
    if (have != null && fitsAsIs(o, have, mode)) {
      return;
    }
    String qualified = qualified(o.table());
    SyncCatalog.lock(c, "ddl:" + catalog.schema() + "." + o.table());
    Map<String, String> existing = columns(c, qualified);
    // What this transaction read may hold its own uncommitted changes: the next create() re-reads
    // the committed columns instead.
    known.remove(o.table());
    List<ColumnChanges.Change> changes = ColumnChanges.of(o, existing, mode);
    try (Statement st = c.createStatement()) {
      for (ColumnChanges.Change change : changes) {
        if (!change.added()) {
          requireNoView(c, qualified, o, change);
        }
        st.execute(change.sql(qualified));
        LOG.info("sync table={} {} {} {}{} for object {}", Printable.of(o.table()), change.added() ? "adds column"
            : "widens column", Printable.of(change.column()), change.added() ? "" : change.from() + " -> ",
            change.type().sql(), Printable.of(o.key()));
      }
    }
  }

  /** Whether the object loads into columns {@code have} without a change (a refusal is re-read first). */
  private static boolean fitsAsIs(LakeObject o, Map<String, String> have, SchemaChangeMode mode) {
    try {
      return ColumnChanges.of(o, have, mode).isEmpty();
    } catch (SchemaChangeException e) {
      return false;
    }
  }

  /**
   * PostgreSQL cannot change the type of a column a view (or rule) uses; name the views rather than
   * let the ALTER fail with a message that names none of the object.
   */
  private void requireNoView(Connection c, String qualified, LakeObject o, ColumnChanges.Change change)
      throws SQLException {
    List<String> views = viewsOn(c, qualified, change.column());
    if (!views.isEmpty()) {
      throw new SchemaChangeException(change.column(), blockedByViews(o, qualified, change, views));
    }
  }

  /** The views (and rules) that use {@code column} of table {@code qualified}, by name. */
  static List<String> viewsOn(Connection c, String qualified, String column) throws SQLException {
    List<String> views = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT v.oid::regclass::text FROM pg_depend d"
        + " JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class"
        + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
        + " WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(?) AND a.attname = ?"
        + " AND v.oid <> d.refobjid ORDER BY 1")) {
      ps.setString(1, qualified);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          views.add(rs.getString(1));
        }
      }
    }
    return views;
  }

  /** The message of a widening that {@code views} block. */
  static String blockedByViews(LakeObject o, String qualified, ColumnChanges.Change change, List<String> views) {
    return "Cannot load object into table " + o.table() + ": column " + change.column() + " would widen from "
        + change.from() + " to " + change.type().sql() + ", but view " + String.join(", ", views) + " uses it and"
        + " PostgreSQL cannot change the type of a column a view uses: drop the view, run " + change.sql(qualified)
        + ", create the view again and sync again. Nothing of the object was loaded and the table is unchanged";
  }

  private String qualified(String table) {
    return Identifiers.qualified(InsightflowProperties.TABLES.name(), catalog.schema(), table);
  }

  /**
   * Checks the object's table and columns without touching PostgreSQL.
   *
   * @return the column names
   * @throws LakeException naming the manifest if it names an invalid identifier or type
   */
  static Set<String> check(LakeObject o) {
    Identifiers.problem(o.table()).ifPresent(problem -> {
      throw badManifest(o, "Invalid table name '" + Printable.of(o.table()) + "': " + problem);
    });
    if (SyncCatalog.isReserved(o.table())) {
      throw badManifest(o, "Table name " + o.table() + " is reserved for sync's own tables (" + SyncCatalog.RESERVED_PREFIX
          + "…); nothing is ever loaded into them");
    }
    if (o.columns().isEmpty()) {
      throw badManifest(o, "The manifest has no columns");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (RunManifest.Column col : o.columns()) {
      Identifiers.problem(col.name()).ifPresent(problem -> {
        throw badManifest(o, "Invalid column name '" + Printable.of(col.name()) + "': " + problem);
      });
      if (col.name().equals(SyncCatalog.PROVENANCE)) {
        throw badManifest(o, "Column name " + SyncCatalog.PROVENANCE + " is reserved for sync provenance");
      }
      try {
        PostgresType.parse(col.type());
      } catch (PostgresType.InvalidTypeException e) {
        throw badManifest(o, "Unsupported column type for " + col.name() + " (" + e.getMessage() + "); write "
            + PostgresType.ACCEPTED + ", nothing else");
      }
      if (!wanted.add(col.name())) {
        throw badManifest(o, "Duplicate column '" + Printable.of(col.name()) + "'");
      }
    }
    return wanted;
  }

  /** Names come from the lake: a bad one is a fault of the data, shown escaped (by LakeException) and never executed. */
  private static LakeException badManifest(LakeObject o, String message) {
    return new LakeException(o.key(), message + " in manifest " + o.manifestKey() + "; fix the manifest or the source table");
  }

  /**
   * Makes sure a {@link WriteMode#MERGE} table has a primary key or unique index on exactly
   * {@code keys}, which {@code INSERT … ON CONFLICT} needs. Sync adds one (a primary key, else a
   * unique index) only to an empty table: the tables it creates, or one nobody has loaded yet.
   * A table with rows and no such index fails instead of getting one: building it could fail on
   * the duplicates an earlier append left, and locks the table for the whole build, a decision for
   * its owner; without it no merge can be exactly once (two workers would both insert a new key).
   * Remembers the tables it checked. [#21]
   *
   * @throws io.insightflow.api.InsightflowException naming the table, the key and the statement to run
   */
  void ensureKey(Connection c, String table, List<String> keys) throws SQLException {
    if (keyed.contains(table)) {
      return;
    }
    String qualified = Identifiers.qualified(InsightflowProperties.TABLES.name(), catalog.schema(), table);
    String key = String.join(", ", keys.stream().map(Identifiers::quote).toList());
    inOwnTransaction(c, st -> {
      SyncCatalog.lock(c, "ddl:" + catalog.schema() + "." + table);
      if (!hasUniqueIndex(c, qualified, keys)) {
        boolean empty;
        try (ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + qualified + ")")) {
          rs.next();
          empty = rs.getBoolean(1);
        }
        if (!empty) {
          throw new io.insightflow.api.InsightflowException("Cannot merge into table " + table + ": no primary key"
              + " or unique index covers exactly its key (" + String.join(", ", keys) + "), and sync adds one only to"
              + " an empty table; add it (ALTER TABLE " + qualified + " ADD PRIMARY KEY (" + key + "), after removing"
              + " duplicate keys), or set " + InsightflowProperties.SYNC_KEYS.nameFor(table) + " to the key it has");
        }
        st.execute(hasPrimaryKey(c, qualified) ? "CREATE UNIQUE INDEX ON " + qualified + " (" + key + ")"
            : "ALTER TABLE " + qualified + " ADD PRIMARY KEY (" + key + ")");
      }
    });
    keyed.add(table);
  }

  private static boolean hasPrimaryKey(Connection c, String qualified) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = to_regclass(?) AND indisprimary)")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** DDL in a transaction of its own (autocommit on before and after): committed, or rolled back and rethrown. */
  private static void inOwnTransaction(Connection c, Work work) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      work.run(st);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  @FunctionalInterface
  private interface Work {
    void run(Statement st) throws SQLException;
  }

  /**
   * Whether a unique index that {@code ON CONFLICT (keys)} can use exists: valid, immediate, on
   * exactly those columns, no expression, no predicate.
   */
  private static boolean hasUniqueIndex(Connection c, String qualified, List<String> keys) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid ="
        + " to_regclass(?) AND i.indisunique AND i.indisvalid AND i.indimmediate AND i.indpred IS NULL"
        + " AND i.indexprs IS NULL AND i.indnatts = i.indnkeyatts AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text COLLATE \"C\")"
        + " FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) = ?::text[])")) {
      ps.setString(1, qualified);
      ps.setArray(2, c.createArrayOf("text", keys.stream().sorted().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Column → {@code format_type} of an existing table; empty when it does not exist. */
  static Map<String, String> columns(Connection c, String qualified) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
        + " WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /**
   * The columns of an existing target table, in table order, without the provenance column; empty
   * when the table does not exist. External tables without a {@code _schema.json} take these.
   */
  static List<RunManifest.Column> existingColumns(Connection c, String schema, String table) throws SQLException {
    List<RunManifest.Column> out = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT attname, format_type(atttypid, atttypmod), NOT attnotnull"
        + " FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      ps.setString(1, Identifiers.qualified(InsightflowProperties.TABLES.name(), schema, table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(1).equals(SyncCatalog.PROVENANCE)) {
            // The column exists, so its type is never rendered; one outside the grammar (an enum) stands as text.
            String type = PostgresType.isValid(rs.getString(2)) ? rs.getString(2) : "text";
            out.add(new RunManifest.Column(rs.getString(1), type, rs.getString(2), rs.getBoolean(3)));
          }
        }
      }
    }
    return out;
  }
}
