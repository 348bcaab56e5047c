package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.PostgresTestDatabase;
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
 * [#21] The goals {@code status} and {@code plan} show each table's key and where it comes from: the
 * source's primary key recorded in the manifest, or configuration given as an environment variable
 * ({@code INSIGHTFLOW_SYNC_KEYS_<TABLE>}) or {@code -D}.
 */
class KeysInGoalsTest {

  @TempDir Path dir;
  PostgresTestDatabase pg;

  @BeforeEach
  void ingest() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        Statement s = c.createStatement()) {
      s.execute("create table order_lines (order_id integer, line integer, sku varchar, primary key (order_id, line))");
      s.execute("insert into order_lines values (1, 1, 'a'), (1, 2, 'b')");
      s.execute("create table notes as select range as id from range(1, 4)");
    }
    pg = PostgresTestDatabase.reserve();
    Insightflow.fromProperties(settings()).ingest();
  }

  @AfterEach
  void drop() {
    pg.close();
  }

  Map<String, String> settings() {
    return GoalSettings.of(dir, pg, "order_lines,notes");
  }

  static final String MANIFEST = RunManifest.keyIn("data/batch/order_lines/year=2024/month=05/day=07/hhmm=0930");

  @Test
  void status_showsTheManifestsKeyAndNone() throws MojoFailureException {
    StatusMojo mojo = new StatusMojo();
    Map<String, String> pom = settings();
    pom.remove("insightflow.tables");

    String out = mojo.run(mojo.configure(pom, Map.of(), Map.of()));

    assertThat(out).containsPattern("order_lines +lake=1 loaded=0 pending=1 failed=0 rows=0 last=- writeMode=append schemaChanges=evolve key=\\(order_id, line\\)"
        + " from manifest " + MANIFEST.replace(".", "\\."));
    assertThat(out).containsPattern("notes +lake=1 .* key=none");
  }

  @Test
  void statusAndPlan_environmentAndCommandLineKeys_overrideTheManifest() throws MojoFailureException {
    Map<String, String> pom = settings();
    pom.remove("insightflow.tables");
    Map<String, String> env = Map.of("INSIGHTFLOW_SYNC_KEYS_ORDER_LINES", "line,order_id");
    StatusMojo status = new StatusMojo();
    PlanMojo plan = new PlanMojo();

    String shown = status.run(status.configure(pom, env, Map.of()));
    String planned = plan.run(plan.configure(pom, env, Map.of("insightflow.plan.operation", "sync",
        "insightflow.sync.keys.notes", "id")));

    assertThat(shown).contains("key=(line, order_id) from config insightflow.sync.keys.order_lines")
        .contains("    note insightflow.sync.keys.order_lines overrides the key (order_id, line) of " + MANIFEST);
    assertThat(planned).contains("table order_lines: key (line, order_id) from config insightflow.sync.keys.order_lines")
        .contains("table notes: key (id) from config insightflow.sync.keys.notes");
  }

  @Test
  void planIngest_showsTheSourcesPrimaryKey() throws MojoFailureException {
    PlanMojo plan = new PlanMojo();

    String planned = plan.run(plan.configure(settings(), Map.of(), Map.of("insightflow.plan.operation", "ingest")));

    assertThat(planned).contains("  key      (order_id, line) (the source's primary key, recorded in the manifest)")
        .contains("  key      none (the source's primary key, recorded in the manifest)");
  }
}
