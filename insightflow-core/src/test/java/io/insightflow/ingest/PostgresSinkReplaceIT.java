package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.TABLES;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SourceConfig;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest straight into PostgreSQL (sink {@code postgresql}) into a replace table
 * ({@code insightflow.sync.writeMode.items=replace}): each run replaces the table unless it holds a
 * newer one, and the same run again changes nothing. [#21]
 */
class PostgresSinkReplaceIT {

  static final Instant T1 = Instant.parse("2024-05-06T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-07T09:30:00Z");
  static final Instant T3 = Instant.parse("2024-05-08T09:30:00Z");

  @TempDir Path dir;
  PostgresTestDatabase pg;

  @BeforeEach
  void setUp() throws SQLException {
    try (Connection c = DriverManager.getConnection(duckUrl())) {
      IngestFixture.createItems(c, "items");
    }
    pg = PostgresTestDatabase.reserve();
  }

  @AfterEach
  void tearDown() {
    pg.close();
  }

  String duckUrl() {
    return "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");
  }

  private Map<String, String> settings(String mode) {
    return Map.of(InsightflowProperties.TARGET_URL.name(), pg.url(), InsightflowProperties.TARGET_USER.name(),
        pg.user(), InsightflowProperties.TARGET_SCHEMA.name(), pg.schema(), "insightflow.sync.writeMode.items", mode);
  }

  private void ingest(Instant trigger) {
    try (Sink<?> sink = Connectors.sink(InsightflowProperties.INGEST_SINK.name(), "postgresql", settings("replace"))) {
      new BatchIngest(sink).run(IngestOptions.builder().set(TABLES, List.of("items")).set(INGEST_BATCH_SIZE, 10L)
          .set(INGEST_TRIGGER_TIME, trigger.toString()).build().withSource(SourceConfig.of(duckUrl())));
    }
  }

  private void warehouse(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(duckUrl()); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private List<String> target() throws SQLException {
    try (Connection c = pg.connection()) {
      return PostgresSinkIngestIT.fingerprint(c, "\"" + pg.schema() + "\".items");
    }
  }

  private List<String> source() throws SQLException {
    try (Connection c = DriverManager.getConnection(duckUrl())) {
      return PostgresSinkIngestIT.fingerprint(c, "items");
    }
  }

  @Test
  void ingest_runsInAnyOrder_tableHoldsTheNewest() throws SQLException {
    ingest(T2);
    List<String> second = source();
    assertThat(target()).isEqualTo(second);

    ingest(T2); // the run the table holds, again
    assertThat(target()).isEqualTo(second);
    warehouse("DELETE FROM items WHERE id > 20");
    ingest(T1); // older: recorded as superseded, nothing changes
    assertThat(target()).isEqualTo(second);

    ingest(T3);
    assertThat(target()).isEqualTo(source()).isNotEqualTo(second);
    assertThat(pg.scalar("SELECT count(*) FROM " + pg.schema() + "._insightflow_loaded WHERE table_name = 'items'"
        + " AND state = 'loaded'")).isEqualTo(2);
    assertThat(pg.scalar("SELECT count(*) FROM " + pg.schema() + "._insightflow_loaded WHERE table_name = 'items'"
        + " AND state = 'superseded'")).isEqualTo(5);
  }
}
