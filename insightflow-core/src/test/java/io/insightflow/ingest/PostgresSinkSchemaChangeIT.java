package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink {@code postgresql} of an ingest takes a widened source column as sync does (the same
 * rule, applied when the run starts), and refuses it under {@code insightflow.sync.schemaChanges=freeze}. [#21]
 */
class PostgresSinkSchemaChangeIT {

  @TempDir Path dir;
  PostgresTestDatabase pg;

  @BeforeEach
  void setUp() throws SQLException {
    pg = PostgresTestDatabase.reserve();
    warehouse("CREATE TABLE items (id INTEGER, v INTEGER); INSERT INTO items VALUES (1, 2147483647)");
  }

  @AfterEach
  void tearDown() {
    pg.close();
  }

  private void warehouse(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"));
        Statement st = c.createStatement()) {
      for (String s : sql.split(";")) {
        st.execute(s);
      }
    }
  }

  private IngestResult ingest(String trigger, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(Map.of(InsightflowProperties.TARGET_URL.name(), pg.url(),
        InsightflowProperties.TARGET_USER.name(), pg.user(), InsightflowProperties.TARGET_SCHEMA.name(), pg.schema()));
    settings.putAll(extra);
    try (Sink<?> sink = Connectors.sink(InsightflowProperties.INGEST_SINK.name(), "postgresql", settings)) {
      return new BatchIngest(sink).run(IngestOptions.builder().set(TABLES, List.of("items"))
          .set(INGEST_TRIGGER_TIME, trigger).build().withSource(SourceConfig.of("jdbc:duckdb:" + dir.resolve("w.duckdb"))));
    }
  }

  private String type() {
    return pg.text("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + pg.schema()
        + ".items'::regclass AND attname = 'v'");
  }

  @Test
  void ingest_widenedSourceColumn_widensTheTableUnlessFrozen() throws SQLException {
    ingest("2024-05-07T09:00:00Z", Map.of());
    assertThat(type()).isEqualTo("integer");
    warehouse("ALTER TABLE items ALTER v TYPE BIGINT; INSERT INTO items VALUES (2, 9223372036854775807)");

    assertThatThrownBy(() -> ingest("2024-05-07T10:00:00Z", Map.of("insightflow.sync.schemaChanges.items", "freeze")))
        .hasMessageContaining("column v is integer in the table and bigint in the object");
    assertThat(type()).isEqualTo("integer");

    ingest("2024-05-07T11:00:00Z", Map.of());
    assertThat(type()).isEqualTo("bigint");
    assertThat(pg.text("SELECT string_agg(v::text, '|' ORDER BY id) FROM " + pg.schema() + ".items"))
        .isEqualTo("2147483647|2147483647|9223372036854775807");
  }
}
