package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Source;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceContractTest;
import io.insightflow.spi.SourceReader;
import io.insightflow.spi.TableName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  @Test
  void readingManyChunks_usesANewConnectionEveryFewChunks_andReadsEveryRowOnce() throws Exception {
    Path staging = Files.createDirectories(dir.resolve("staging"));
    Set<Connection> connections = new LinkedHashSet<>();
    long rows = 0;
    try (JdbcSource source = (JdbcSource) openSource()) {
      List<Chunk> chunks = source.plan(table(), 10);
      assertThat(chunks).hasSize(11);
      for (Chunk chunk : chunks) {
        try (SourceReader reader = source.open(chunk, Position.START, () -> staging.resolve(UUID.randomUUID() + ".csv"))) {
          connections.add(source.connection());
          RecordBatch batch = reader.nextBatch().orElseThrow();
          rows += batch.rows();
          batch.data().discard();
        }
      }
    }
    assertThat(rows).isEqualTo(103);
    assertThat(connections).hasSize(3); // chunks 1-4, 5-8 and 9-11 (DuckDbDialect.CHUNKS_PER_CONNECTION)
    for (Connection c : connections) {
      assertThat(c.isClosed()).isTrue();
    }
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
