package io.insightflow.sync;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away schema {@code it_sync_<random>} on the test PostgreSQL (127.0.0.1:5432, db test, user
 * postgres; override with INSIGHTFLOW_TEST_PG_URL / INSIGHTFLOW_TEST_PG_USER). Dropped on close.
 */
final class PgSchema implements AutoCloseable {

  static final String URL = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_USER", "postgres");

  final String name = "it_sync_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
      .toLowerCase(Locale.ROOT);

  PostgresConnectionOptions options() {
    return PostgresConnectionOptions.builder().url(URL).user(USER).schema(name).build();
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, USER, "");
  }

  /** The single long value of a query. */
  long scalar(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The single text value of a query (null allowed). */
  String text(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE");
  }
}
