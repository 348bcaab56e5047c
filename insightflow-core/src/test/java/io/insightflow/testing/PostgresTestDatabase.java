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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private schema {@code it_<random>} in the local PostgreSQL, dropped with everything in it on
 * {@link #close()}. Connects to {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}
 * unless the environment says otherwise: {@code INSIGHTFLOW_TEST_PG_URL},
 * {@code INSIGHTFLOW_TEST_PG_USER}, {@code INSIGHTFLOW_TEST_PG_PASSWORD}. A stock PostgreSQL has no
 * database {@code test}: the first use creates the URL's database (from the server's
 * {@code postgres} database) when it is missing, or fails saying which database is missing.
 *
 * <pre>{@code
 * try (PostgresTestDatabase db = PostgresTestDatabase.create(); Connection c = db.connection()) { ... }
 * }</pre>
 */
public final class PostgresTestDatabase implements AutoCloseable {

  private final String url = env("INSIGHTFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private final String user = env("INSIGHTFLOW_TEST_PG_USER", "postgres");
  private final String password = env("INSIGHTFLOW_TEST_PG_PASSWORD", "");
  private final String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
      .toLowerCase(Locale.ROOT);

  private static boolean databaseChecked;

  private PostgresTestDatabase() {
    ensureDatabase(url, user, password);
  }

  /** {@link #createIfMissing} once per JVM. */
  private static synchronized void ensureDatabase(String url, String user, String password) {
    if (!databaseChecked) {
      databaseChecked = createIfMissing(url, user, password);
    }
  }

  /**
   * Creates the URL's database if the server lacks it (a stock PostgreSQL has no {@code test}).
   *
   * @return whether the database exists now; false when the server cannot be reached at all
   * @throws IllegalStateException naming the missing database when it cannot be created
   */
  static boolean createIfMissing(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return true;
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState())) {
        return false; // no server: the first statement fails naming the URL and what to set
      }
    }
    Matcher m = Pattern.compile("(jdbc:postgresql://[^/]*/)([A-Za-z_][A-Za-z0-9_]*)(.*)").matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException("The database of " + url + " does not exist; create it or set INSIGHTFLOW_TEST_PG_URL");
    }
    try (Connection admin = DriverManager.getConnection(m.group(1) + "postgres" + m.group(3), user, password);
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + m.group(2));
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("The test database '" + m.group(2) + "' does not exist on " + url
          + " and cannot be created (" + e.getMessage() + "); run createdb " + m.group(2)
          + " or point INSIGHTFLOW_TEST_PG_URL at an existing database", e);
    }
  }

  /** Creates the schema; fails with the URL (never the password) when the server is not there. */
  public static PostgresTestDatabase create() {
    PostgresTestDatabase db = new PostgresTestDatabase();
    db.execute("CREATE SCHEMA " + db.schema);
    return db;
  }

  /**
   * Names a schema without creating it, for code under test that must create it itself (sync
   * creates its target schema). {@link #close()} still drops it.
   */
  public static PostgresTestDatabase reserve() {
    return new PostgresTestDatabase();
  }

  /** Sync target options for this schema. */
  public PostgresConnectionOptions targetOptions() {
    return PostgresConnectionOptions.builder().set(TARGET_URL, url).set(TARGET_USER, user)
        .set(TARGET_PASSWORD, password)
        .set(TARGET_SCHEMA, schema).build();
  }

  /** The single number a query returns. */
  public long scalar(String sql) {
    return query(sql, rs -> rs.getLong(1));
  }

  /** The single text a query returns (null allowed). */
  public String text(String sql) {
    return query(sql, rs -> rs.getString(1));
  }

  /** The JDBC URL, without the schema. */
  public String url() {
    return url;
  }

  /** The user name. */
  public String user() {
    return user;
  }

  /** The password; empty under trust authentication. */
  public String password() {
    return password;
  }

  /** The schema of this test. */
  public String schema() {
    return schema;
  }

  /** A new connection whose current schema is {@link #schema()}; the caller closes it. */
  public Connection connection() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    c.setSchema(schema);
    return c;
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Runs one statement on a fresh connection. */
  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run '" + sql + "' on " + url + " as " + user
          + " (is PostgreSQL running? set INSIGHTFLOW_TEST_PG_URL/_USER/_PASSWORD)", e);
    }
  }

  private interface Column<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String sql, Column<T> column) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return column.read(rs);
    } catch (SQLException e) {
      throw new IllegalStateException("Query failed: " + sql, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  @Override
  public String toString() {
    return "PostgresTestDatabase[" + url + " schema=" + schema + "]";
  }
}
