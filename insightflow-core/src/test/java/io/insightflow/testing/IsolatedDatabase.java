package io.insightflow.testing;

import static io.insightflow.config.InsightflowProperties.TARGET_PASSWORD;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own ({@code iso_<random>}) on the local PostgreSQL server, dropped on
 * {@link #close()}: for tests that assert on catalogs which are per database (constraints, column
 * defaults, large objects), where other tests' schemas in the shared database would interfere.
 * Same server and credentials as {@link PostgresTestDatabase}.
 */
public final class IsolatedDatabase implements AutoCloseable {

  /** {@code jdbc:postgresql://host:port/} of {@code INSIGHTFLOW_TEST_PG_URL}, as PostgresTestDatabase reads it. */
  private static final String SERVER = server(System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test"));
  private static final String USER = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_USER", "postgres");
  private static final String PASSWORD = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_PASSWORD", "");

  private final String name = "iso_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
      .toLowerCase(Locale.ROOT);

  private IsolatedDatabase() {
    admin("CREATE DATABASE " + name);
  }

  /** Creates the database. */
  public static IsolatedDatabase create() {
    return new IsolatedDatabase();
  }

  /** Its JDBC URL. */
  public String url() {
    return SERVER + name;
  }

  /** Sync target options for {@code schema} in this database. */
  public PostgresConnectionOptions targetOptions(String schema) {
    return PostgresConnectionOptions.builder().set(TARGET_URL, url()).set(TARGET_USER, USER)
        .set(TARGET_PASSWORD, PASSWORD)
        .set(TARGET_SCHEMA, schema).build();
  }

  /** A new connection; the caller closes it. */
  public Connection connection() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  /** Runs statements. */
  public void execute(String sql) {
    try (Connection c = connection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The text of the single value a query returns (null for SQL NULL or no row). */
  public String text(String sql) {
    try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The single number a query returns. */
  public long scalar(String sql) {
    return Long.parseLong(text(sql));
  }

  /**
   * Everything SQL smuggled in through a lake could have left in this database's catalog, one line
   * each: relations, columns with their types, constraints, column defaults and large objects of
   * every user schema ({@code public} included).
   */
  public String catalog() {
    String user = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";
    return text("SELECT coalesce(string_agg(x, E'\\n' ORDER BY x), '') FROM ("
        + " SELECT 'relation ' || c.oid::regclass || ' ' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + user
        + " UNION ALL SELECT 'column ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
        + "   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        + "   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + user + " AND a.attnum > 0 AND NOT a.attisdropped"
        + " UNION ALL SELECT 'constraint ' || coalesce(r.conrelid::regclass::text, '-') || ' ' || pg_get_constraintdef(r.oid)"
        + "   FROM pg_constraint r JOIN pg_namespace n ON n.oid = r.connamespace WHERE " + user
        + " UNION ALL SELECT 'default ' || d.adrelid::regclass || '.' || d.adnum || ' ' || pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d"
        + " UNION ALL SELECT 'large object ' || oid FROM pg_largeobject_metadata"
        + ") t(x)");
  }

  private static String server(String url) {
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    return slash < 0 ? url + "/" : url.substring(0, slash + 1);
  }

  /** Drops the database, ending its other sessions first. */
  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
