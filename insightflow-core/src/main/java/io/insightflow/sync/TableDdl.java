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
