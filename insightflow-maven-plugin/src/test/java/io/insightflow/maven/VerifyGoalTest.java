package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.Insightflow;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [#23] {@code mvn insightflow:verify} in process: it prints the reconciliation table, writes the JSON
 * report to a lake key or an absolute path, and fails naming table, object and both figures once rows
 * are deleted by hand. {@code status} shows each table's freshness.
 */
class VerifyGoalTest {

  static final String PART = "data/batch/order_lines/year=2024/month=05/day=07/hhmm=0930/order_lines_part00001.csv";

  @TempDir Path dir;
  PostgresTestDatabase pg;

  @BeforeEach
  void ingestAndSync() throws SQLException, MojoFailureException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        Statement s = c.createStatement()) {
      s.execute("create table order_lines (order_id integer, line integer, sku varchar, primary key (order_id, line))");
      s.execute("insert into order_lines values (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'c')");
    }
    pg = PostgresTestDatabase.reserve();
    Insightflow.fromProperties(settings()).ingest();
    SyncMojo sync = new SyncMojo();
    sync.run(sync.configure(settings(), Map.of(), Map.of()));
  }

  @AfterEach
  void drop() {
    pg.close();
  }

  Map<String, String> settings() {
    return GoalSettings.of(dir, pg, "order_lines");
  }

  /** [#23] The sync goal prints the figures the Lambda line carries, each table's freshness lag included. */
  @Test
  void sync_goal_printsEachTablesFreshnessLag() throws Exception {
    SyncMojo sync = new SyncMojo();
    java.time.Instant trigger = java.time.Instant.parse("2024-05-07T09:30:00Z");
    long sinceTrigger = java.time.Duration.between(trigger, java.time.Instant.now()).toSeconds();

    String out = sync.run(sync.configure(settings(), Map.of(), Map.of()));

    // The goal reads its clock between the two readings here: a second may tick over during the sync.
    long untilNow = java.time.Duration.between(trigger, java.time.Instant.now()).toSeconds();
    String lag = out.lines().filter(l -> l.contains("table order_lines:")).findFirst().orElseThrow()
        .replaceAll(".*insightflow\\.freshness\\.lag=(\\d+).*", "$1");
    assertThat(Long.parseLong(lag)).isBetween(sinceTrigger - 120, untilNow);
  }

  @Test
  void verify_healthy_printsTheTableAndWritesTheReportToALakeKey() throws Exception {
    VerifyMojo mojo = new VerifyMojo();

    String out = mojo.run(mojo.configure(settings(), Map.of(), Map.of("insightflow.verify.report",
        "_insightflow/verify.json")));

    assertThat(out).contains("1 tables, consistent").containsPattern("order_lines +append +1 +3 +3 ")
        .contains("Report written to _insightflow/verify.json");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("lake/_insightflow/verify.json").toFile());
    assertThat(report.path("consistent").asBoolean()).isTrue();
    assertThat(report.path("tables").get(0).path("objects").get(0).path("key").asText()).isEqualTo(PART);
  }

  @Test
  void verify_rowsDeletedByHand_failsNamingTableObjectAndBothFigures() throws Exception {
    pg.execute("delete from \"" + pg.schema() + "\".order_lines where sku = 'b'");
    VerifyMojo mojo = new VerifyMojo();
    Path file = dir.resolve("reports/verify.json").toAbsolutePath();

    assertThatThrownBy(() -> mojo.run(mojo.configure(settings(), Map.of(), Map.of("insightflow.verify.report",
        file.toString()))))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("1 divergences and 0 failed objects")
        .hasMessageContaining("table order_lines, object " + PART + ": its manifest promises 3 rows (0 rejected), so 3"
            + " rows should carry its object id");
    JsonNode report = new ObjectMapper().readTree(file.toFile());
    assertThat(report.path("consistent").asBoolean()).isFalse();
    assertThat(report.path("divergences").get(0).path("expected").asText()).isEqualTo("3");
    assertThat(report.path("divergences").get(0).path("found").asText()).isEqualTo("2");
  }

  @Test
  void status_showsFreshness() throws MojoFailureException {
    StatusMojo mojo = new StatusMojo();

    String out = mojo.run(mojo.configure(settings(), Map.of(), Map.of()));

    assertThat(out).containsPattern("order_lines .* lag=PT\\d+H.* newestInLake=2024-05-07T09:30:00Z lakeLag=PT\\d+H");
  }
}
