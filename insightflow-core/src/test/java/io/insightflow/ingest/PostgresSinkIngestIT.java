package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SourceConfig;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest straight from a warehouse (embedded DuckDB) into PostgreSQL through the sink
 * {@code postgresql} [#9]: exact rows, and a rerun of the same run loads nothing twice.
 */
class PostgresSinkIngestIT {

  static final Instant TRIGGER = Instant.parse("2024-05-07T09:30:41Z");
  /** Count and MD5 of every column of items, rendered alike by DuckDB and PostgreSQL. */
  static final String FINGERPRINT = "SELECT count(*), md5(string_agg(CAST(id AS VARCHAR) || ',' || coalesce(name, '<null>')"
      + " || ',' || CAST(price AS VARCHAR) || ',' || CAST(seen AS VARCHAR) || ',' || CAST(flag AS VARCHAR), chr(10)"
      + " ORDER BY id)) FROM ";

  @TempDir static Path dir;
  static PostgresTestDatabase pg;

  @BeforeAll
  static void createWarehouse() throws SQLException {
    try (Connection c = DriverManager.getConnection(duckUrl())) {
      IngestFixture.createItems(c, "items");
    }
    pg = PostgresTestDatabase.reserve();
  }

  @AfterAll
  static void dropSchema() {
    pg.close();
  }

  static String duckUrl() {
    return "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");
  }

  IngestResult ingest(int batchSize) {
    Map<String, String> settings = Map.of(InsightflowProperties.TARGET_URL.name(), pg.url(),
        InsightflowProperties.TARGET_USER.name(), pg.user(), InsightflowProperties.TARGET_SCHEMA.name(), pg.schema());
    try (Sink<?> sink = Connectors.sink(InsightflowProperties.INGEST_SINK.name(), "postgresql", settings)) {
      return new BatchIngest(sink).run(IngestOptions.builder().set(TABLES, List.of("items"))
          .set(INGEST_BATCH_SIZE, (long) batchSize).set(INGEST_TRIGGER_TIME, TRIGGER.toString()).build()
          .withSource(SourceConfig.of(duckUrl())));
    }
  }

  static List<String> fingerprint(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(FINGERPRINT + table)) {
      rs.next();
      return List.of(rs.getString(1), rs.getString(2));
    }
  }

  /** Parts and rows the ledger records for items, and when the last was recorded. */
  String ledger() {
    return pg.text("SELECT count(*) || ' parts, ' || sum(rows_loaded) || ' rows, ' || max(loaded_at) FROM "
        + pg.schema() + "._insightflow_loaded WHERE table_name = 'items'");
  }

  @Test
  void ingest_fromDuckDb_loadsExactRowsOnce() throws SQLException {
    List<String> warehouse;
    try (Connection c = DriverManager.getConnection(duckUrl())) {
      warehouse = fingerprint(c, "items");
    }
    assertThat(warehouse.get(0)).isEqualTo(String.valueOf(IngestFixture.ROWS));

    IngestResult first = ingest(4);
    assertThat(first.tables()).singleElement().satisfies(t -> assertThat(t.rows()).isEqualTo(IngestFixture.ROWS));
    try (Connection c = pg.connection()) {
      assertThat(fingerprint(c, "items")).isEqualTo(warehouse);
    }
    String recorded = ledger();
    assertThat(recorded).startsWith("7 parts, 25 rows, ");

    ingest(4); // the same run again: every part is already recorded with the same checksum
    try (Connection c = pg.connection()) {
      assertThat(fingerprint(c, "items")).isEqualTo(warehouse);
    }
    assertThat(ledger()).isEqualTo(recorded);

    ingest(10); // the same run cut into fewer parts: replaces, never adds
    try (Connection c = pg.connection()) {
      assertThat(fingerprint(c, "items")).isEqualTo(warehouse);
    }
    assertThat(ledger()).startsWith("3 parts, 25 rows, ");
    assertThat(pg.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = '" + pg.schema()
        + "' AND tablename LIKE '\\_insightflow\\_stage\\_%'")).isZero();
  }
}
