package io.insightflow.sync;

import io.insightflow.api.LakeException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.sql.Identifiers;
import io.insightflow.internal.sql.PostgresType;
import io.insightflow.layout.RunManifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates target tables from a manifest's schema and adds columns that appear in later data. Names
 * and types come from the lake, so both are validated before any SQL is built: names by
 * {@link Identifiers} (and never one of sync's own tables), types parsed by {@link PostgresType}
 * and rendered from the parse, never as written. Thread-safe; shared by the workers of one sync, it
 * remembers the columns it has seen to skip the catalog query.
 */
final class TableDdl {

  private final SyncCatalog catalog;
  private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
  /** Merge tables whose key index {@link #ensureKey} found or made. */
  private final Set<String> keyed = ConcurrentHashMap.newKeySet();

  TableDdl(SyncCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Checks the object's table and columns and makes sure the table has them.
   *
   * @throws LakeException naming the manifest if it names an invalid identifier or type; nothing is
   *     executed then
   */
  void ensure(Connection c, LakeObject o) throws SQLException {
    Set<String> wanted = check(o);
    Set<String> have = known.get(o.table());
    if (have != null && have.containsAll(wanted)) {
      return;
    }
    known.put(o.table(), apply(c, o.table(), o.columns()));
  }

  /**
   * Checks the object's table and columns without touching PostgreSQL.
   *
   * @return the column names
   * @throws LakeException naming the manifest if it names an invalid identifier or type
   */
  static Set<String> check(LakeObject o) {
    if (!Identifiers.isValid(o.table())) {
      throw badManifest(o, "Invalid identifier " + o.table() + " as table name");
    }
    if (SyncCatalog.isReserved(o.table())) {
      throw badManifest(o, "Table name " + o.table() + " is reserved for sync's own tables (" + SyncCatalog.RESERVED_PREFIX
          + "…); nothing is ever loaded into them");
    }
    if (o.columns().isEmpty()) {
      throw badManifest(o, "The manifest has no columns");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (RunManifest.Column col : o.columns()) {
      if (!Identifiers.isValid(col.name())) {
        throw badManifest(o, "Invalid identifier " + col.name() + " as column name");
      }
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
        throw badManifest(o, "Duplicate column " + col.name());
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
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
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
        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = to_regclass('"
            + qualified.replace("'", "''") + "') AND indisprimary)")) {
          rs.next();
          st.execute(rs.getBoolean(1) ? "CREATE UNIQUE INDEX ON " + qualified + " (" + key + ")"
              : "ALTER TABLE " + qualified + " ADD PRIMARY KEY (" + key + ")");
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    keyed.add(table);
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

  private Set<String> apply(Connection c, String table, List<RunManifest.Column> columns) throws SQLException {
    String qualified = Identifiers.qualified(InsightflowProperties.TABLES.name(), catalog.schema(), table);
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      SyncCatalog.lock(c, "ddl:" + catalog.schema() + "." + table);
      Set<String> existing = columns(c, qualified);
      String provenance = '"' + SyncCatalog.PROVENANCE + "\" integer DEFAULT "
          + catalog.table(SyncCatalog.OBJECT_ID_FUNCTION) + "()";
      if (existing.isEmpty()) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualified).append(" (");
        for (RunManifest.Column col : columns) {
          sql.append(Identifiers.quote(col.name())).append(' ').append(PostgresType.parse(col.type()).sql())
              .append(col.nullable() ? "" : " NOT NULL").append(", ");
        }
        st.execute(sql.append(provenance).append(')').toString());
      } else {
        for (RunManifest.Column col : columns) {
          if (!existing.contains(col.name())) {
            // Added columns stay nullable: rows loaded before have no value for them.
            st.execute("ALTER TABLE " + qualified + " ADD COLUMN " + Identifiers.quote(col.name()) + " "
                + PostgresType.parse(col.type()).sql());
          }
        }
        if (!existing.contains(SyncCatalog.PROVENANCE)) {
          st.execute("ALTER TABLE " + qualified + " ADD COLUMN " + provenance);
        }
      }
      c.commit();
      Set<String> now = new HashSet<>(existing);
      columns.forEach(col -> now.add(col.name()));
      return now;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static Set<String> columns(Connection c, String qualified) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = "
        + "to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
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
