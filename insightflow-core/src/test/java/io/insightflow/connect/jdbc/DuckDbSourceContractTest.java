package io.insightflow.connect.jdbc;

import io.insightflow.spi.Source;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceContractTest;
import io.insightflow.spi.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB keeps the source contract: rowid chunks, one native COPY per chunk. */
class DuckDbSourceContractTest extends SourceContractTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      // Awkward values: NULL, the empty string, commas, quotes and a line break.
      st.execute("CREATE TABLE items AS SELECT range AS id, CASE range % 5 WHEN 0 THEN NULL WHEN 1 THEN ''"
          + " WHEN 2 THEN 'a, \"quoted\" ' || range WHEN 3 THEN 'two' || chr(10) || 'lines' ELSE 'plain' END AS name"
          + " FROM range(103)");
    }
  }

  private static String url() {
    return "jdbc:duckdb:" + dir.resolve("w.duckdb");
  }

  @Override
  protected Source openSource() {
    return JdbcSource.open(SourceConfig.of(url()), new DuckDbDialect());
  }

  @Override
  protected TableName table() {
    return TableName.parse("items");
  }

  @Override
  protected long rows() {
    return 103;
  }
}
