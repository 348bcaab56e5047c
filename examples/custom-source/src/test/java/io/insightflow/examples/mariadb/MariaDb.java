package io.insightflow.examples.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The MariaDB server of the test machine, and a table of awkward rows in it. */
final class MariaDb {

  static final String URL = env("INSIGHTFLOW_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
  static final String USER = env("INSIGHTFLOW_TEST_MARIADB_USER", "root");

  private MariaDb() {}

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, USER, System.getenv().getOrDefault("INSIGHTFLOW_TEST_MARIADB_PASSWORD", ""));
  }

  /** A fresh table name, so runs never meet. */
  static String newTableName() {
    return "items_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /**
   * Creates {@code table} with {@code rows} rows: every type the dialect maps, NULLs, empty strings,
   * commas, quotes, line breaks, backticks and non-ASCII text, inserted in random key order.
   */
  static void createItems(String table, int rows) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE `" + table + "` (id INT UNSIGNED PRIMARY KEY, name VARCHAR(200),"
          + " price DECIMAL(10,2), qty SMALLINT UNSIGNED, big BIGINT UNSIGNED, active TINYINT(1),"
          + " born YEAR, seen DATETIME, kind ENUM('a','b'), doc JSON, note TEXT)");
      st.execute("INSERT INTO `" + table + "` SELECT seq,"
          + " CASE seq % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN CONCAT('Organic 12\" Tortillas, Whole #', seq)"
          + "   WHEN 3 THEN CONCAT('two', CHAR(10), 'lines ', seq) WHEN 4 THEN 'back`tick é ü 日本' ELSE CONCAT('plain ', seq) END,"
          + " seq * 1.25, seq % 65535, 18446744073709551615 - seq, seq % 2, 1990 + seq % 30,"
          + " TIMESTAMP('2024-05-07 09:30:00') + INTERVAL seq SECOND, IF(seq % 2 = 0, 'a', 'b'),"
          + " JSON_OBJECT('n', seq), IF(seq % 7 = 0, NULL, REPEAT('x', seq % 50))"
          + " FROM seq_1_to_" + rows + " ORDER BY RAND()");
    }
  }

  static void drop(String table) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS `" + table + "`");
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
