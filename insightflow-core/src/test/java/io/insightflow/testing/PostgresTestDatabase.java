package io.insightflow.testing;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A private schema {@code it_<random>} in the local PostgreSQL, dropped with everything in it on
 * {@link #close()}. Connects to {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}
 * unless the environment says otherwise: {@code INSIGHTFLOW_TEST_PG_URL},
 * {@code INSIGHTFLOW_TEST_PG_USER}, {@code INSIGHTFLOW_TEST_PG_PASSWORD}.
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

  private PostgresTestDatabase() {}

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
    return PostgresConnectionOptions.builder().url(url).user(user).password(password.toCharArray())
        .schema(schema).build();
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
