package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.spi.Chunk;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportStatementsTest {

  private static final TableName ORDERS = TableName.parse("orders");

  @TempDir
  Path dir;

  /** A DuckDB warehouse with {@code rows} rows in {@code orders}, read through {@code dialect}. */
  private JdbcSource source(SqlDialect dialect, int rows) throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("w.duckdb");
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders AS SELECT range AS id FROM range(" + rows + ")");
    }
    return JdbcSource.open(SourceConfig.of(url), dialect);
  }

  private static List<String> statements(JdbcSource source, int batchSize) {
    return source.statements(source.plan(ORDERS, batchSize));
  }

  @Test
  void exportStatements_duckDb_oneCopyPerRowIdRange() throws Exception {
    List<String> sql;
    try (JdbcSource source = source(new DuckDbDialect(), 2500)) {
      sql = statements(source, 1000);
    }

    assertThat(sql).containsExactly(
        "COPY (SELECT * FROM \"orders\" WHERE rowid >= 0 AND rowid < 1000) TO 'orders_part00001.csv' (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM \"orders\" WHERE rowid >= 1000 AND rowid < 2000) TO 'orders_part00002.csv' (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM \"orders\" WHERE rowid >= 2000 AND rowid < 3000) TO 'orders_part00003.csv' (FORMAT csv, HEADER true)");
  }

  @Test
  void exportStatements_duckDbEmptyTable_stillOnePart() throws Exception {
    try (JdbcSource source = source(new DuckDbDialect(), 0)) {
      assertThat(statements(source, 1000)).hasSize(1);
    }
  }

  @Test
  void exportStatements_postgres_oneCopyToStdout() {
    List<Chunk> chunks = IntStream.range(0, 1).mapToObj(i -> new Chunk(ORDERS, i, 1000, "all", true)).toList();
    assertThat(new PostgresDialect().statements(null, chunks))
        .containsExactly("COPY (SELECT * FROM \"orders\") TO STDOUT (FORMAT csv, HEADER true)");
  }

  @Test
  void exportStatements_postgresBlockRanges_oneTidRangeCopyPerChunkTheLastOpenEnded() {
    List<Chunk> chunks = PostgresDialect.blockRanges(ORDERS, 1000, 185.0, 12);

    assertThat(chunks).extracting(Chunk::range).containsExactly("blocks=0..5", "blocks=5..10", "blocks=10..");
    assertThat(new PostgresDialect().statements(null, chunks)).containsExactly(
        "COPY (SELECT * FROM \"orders\" WHERE ctid >= '(0,0)' AND ctid < '(5,0)') TO STDOUT (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM \"orders\" WHERE ctid >= '(5,0)' AND ctid < '(10,0)') TO STDOUT (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM \"orders\" WHERE ctid >= '(10,0)') TO STDOUT (FORMAT csv, HEADER true)");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      // batchSize, rows per block, blocks per chunk: about batchSize rows, three significant bits
      "1000000, 185.4, 5120", // 5393 = 0b1010100010001
      "1000000, 185.5, 5120", // a re-estimated density moves nothing
      "1000, 185.0, 5", "1000, 100.0, 10", "1000, 2000.0, 1", "15, 1.0, 14", "9, 1.0, 8", "7, 1.0, 7"})
  void blocksPerChunk_density_roundsDownToThreeSignificantBits(int batchSize, double density, long expected) {
    assertThat(PostgresDialect.blocksPerChunk(batchSize, density)).isEqualTo(expected);
  }

  @Test
  void exportStatements_generic_theQuery() throws Exception {
    try (JdbcSource source = source(new GenericDialect(), 2500)) {
      assertThat(statements(source, 1000)).containsExactly("SELECT * FROM \"orders\"");
    }
  }
}
