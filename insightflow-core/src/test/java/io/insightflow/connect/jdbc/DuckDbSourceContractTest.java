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
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
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
  void everyFourthChunk_emptiesTheBufferPool_andKeepsTheMemoryLimit() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS wide AS SELECT range AS id, hash(range) AS v, hash(range + 1) AS w FROM range(2000000)");
    }
    Path staging = Files.createDirectories(dir.resolve("staging"));
    List<Long> cached = new ArrayList<>();
    long rows = 0;
    try (JdbcSource source = (JdbcSource) openSource()) {
      String limit = setting(source.connection(), "memory_limit");
      List<Chunk> chunks = source.plan(TableName.parse("wide"), 250_000);
      assertThat(chunks).hasSize(8);
      for (Chunk chunk : chunks) {
        try (SourceReader reader = source.open(chunk, Position.START, () -> staging.resolve(UUID.randomUUID() + ".csv"))) {
          RecordBatch batch = reader.nextBatch().orElseThrow();
          rows += batch.rows();
          batch.data().discard();
        }
        cached.add(tableBlockBytes(source.connection()));
      }
      assertThat(setting(source.connection(), "memory_limit")).isEqualTo(limit).isEqualTo("122.0 MiB");
    }
    assertThat(rows).isEqualTo(2_000_000);
    // The pool grows over chunks 1-3 and is emptied after the 4th (DuckDbDialect.CHUNKS_PER_RELEASE).
    assertThat(cached.get(2)).isGreaterThan(cached.get(0)).isGreaterThan(1 << 20);
    assertThat(cached.get(3)).isLessThan(cached.get(2) / 2);
    assertThat(cached.get(7)).isLessThan(cached.get(6) / 2);
  }

  @Test
  void memoryLimit_isTheUrlOptionElseTheDefault() {
    assertThat(DuckDbDialect.memoryLimit("jdbc:duckdb:/data/w.duckdb")).isEqualTo("128MB");
    assertThat(DuckDbDialect.memoryLimit("jdbc:duckdb:/data/w.duckdb;memory_limit=2GB")).isEqualTo("2GB");
    assertThat(DuckDbDialect.memoryLimit("jdbc:duckdb:/data/w.duckdb;threads=2; MEMORY_LIMIT = 512MB ;access_mode=READ_ONLY"))
        .isEqualTo("512MB");
  }

  private static long tableBlockBytes(Connection c) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT memory_usage_bytes FROM duckdb_memory() WHERE tag = 'BASE_TABLE'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String setting(Connection c, String name) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('" + name + "')")) {
      rs.next();
      return rs.getString(1);
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
