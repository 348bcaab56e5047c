package io.insightflow.sync;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.connect.postgres.PostgresIdentifiers;
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
import java.util.regex.Pattern;

/**
 * Creates target tables from a manifest's schema and adds columns that appear in later data. Names
 * and types come from the lake, so both are validated before any SQL is built: names by
 * {@link PostgresIdentifiers}, types by a strict pattern of PostgreSQL type spellings. Thread-safe;
 * shared by the workers of one sync, it remembers the columns it has seen to skip the catalog query.
 */
final class TableDdl {

  /** {@code bigint}, {@code character varying(20)}, {@code numeric(12,2)}, {@code timestamp(3) with time zone}, {@code text[]}. */
  private static final Pattern TYPE = Pattern.compile(
      "[a-z][a-z0-9_]*( [a-z][a-z0-9_]*){0,3}( ?\\(\\d{1,4}( ?, ?\\d{1,4})?\\))?( with(out)? time zone)?(\\[])?", Pattern.CASE_INSENSITIVE);

  private final SyncCatalog catalog;
  private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

  TableDdl(SyncCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Checks the object's table and columns and makes sure the table has them.
   *
   * @throws InsightflowConfigException if the manifest names an invalid identifier or type; nothing
   *     is executed then
   */
  void ensure(Connection c, LakeObject o) throws SQLException {
    String context = InsightflowProperties.TABLES.name();
    PostgresIdentifiers.check(context, o.table());
    if (o.columns().isEmpty()) {
      throw new InsightflowConfigException(context, "Manifest " + o.manifestKey() + " has no columns");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (RunManifest.Column col : o.columns()) {
      PostgresIdentifiers.check(context, col.name());
      if (col.name().equals(SyncCatalog.PROVENANCE)) {
        throw new InsightflowConfigException(context, "Column name " + SyncCatalog.PROVENANCE
            + " is reserved for sync provenance (manifest " + o.manifestKey() + ")");
      }
      if (col.type() == null || !TYPE.matcher(col.type()).matches()) {
        throw new InsightflowConfigException(context, "Unsupported column type for " + col.name()
            + " in manifest " + o.manifestKey() + "; write the type as PostgreSQL spells it, e.g. bigint");
      }
      if (!wanted.add(col.name())) {
        throw new InsightflowConfigException(context, "Duplicate column " + col.name()
            + " in manifest " + o.manifestKey());
      }
    }
    Set<String> have = known.get(o.table());
    if (have != null && have.containsAll(wanted)) {
      return;
    }
    known.put(o.table(), apply(c, o.table(), o.columns()));
  }

  private Set<String> apply(Connection c, String table, List<RunManifest.Column> columns) throws SQLException {
    String qualified = PostgresIdentifiers.qualified(InsightflowProperties.TABLES.name(), catalog.schema(), table);
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      SyncCatalog.lock(c, "ddl:" + catalog.schema() + "." + table);
      Set<String> existing = columns(c, qualified);
      String provenance = '"' + SyncCatalog.PROVENANCE + "\" integer DEFAULT "
          + catalog.table(SyncCatalog.OBJECT_ID_FUNCTION) + "()";
      if (existing.isEmpty()) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualified).append(" (");
        for (RunManifest.Column col : columns) {
          sql.append('"').append(col.name()).append("\" ").append(col.type())
              .append(col.nullable() ? "" : " NOT NULL").append(", ");
        }
        st.execute(sql.append(provenance).append(')').toString());
      } else {
        for (RunManifest.Column col : columns) {
          if (!existing.contains(col.name())) {
            // Added columns stay nullable: rows loaded before have no value for them.
            st.execute("ALTER TABLE " + qualified + " ADD COLUMN \"" + col.name() + "\" " + col.type());
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
}
