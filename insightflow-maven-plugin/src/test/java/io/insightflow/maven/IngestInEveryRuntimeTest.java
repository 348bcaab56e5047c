package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.config.ConfigKey;
import io.insightflow.lambda.LambdaContainer;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.PostgresTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [#20] One setting behaves the same in every runtime: the same ingest settings, given to the Java
 * API as properties, to the Maven goal as pom parameters and to the Lambda handler as
 * {@code INSIGHTFLOW_*} environment variables, write the same lake objects, or the same PostgreSQL
 * rows. The warehouse is an embedded DuckDB file, the lake a local directory, the target the local
 * PostgreSQL.
 */
class IngestInEveryRuntimeTest {

  private static final List<String> RUNTIMES = List.of("java", "maven", "lambda");
  private static final String TEMPLATE = "raw/{table}/dt={yyyy}-{MM}-{dd}/t={HH}{mm}";

  @TempDir
  Path dir;

  @BeforeEach
  void createWarehouse() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        Statement s = c.createStatement()) {
      s.execute("create table orders as select range as id, 'order ' || range as name from range(1, 26)");
      s.execute("create table products as select range as id, 'product \"' || range || '\", big' as name"
          + " from range(1, 8)");
    }
  }

  /** The settings every runtime gets; only the lake differs, so that each writes its own. */
  private Map<String, String> settings(String runtime) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("insightflow.source.url", "jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
    settings.put("insightflow.tables", "orders,products");
    settings.put("insightflow.ingest.sink", "lake");
    settings.put("insightflow.ingest.batchSize", "10");
    settings.put("insightflow.ingest.template", TEMPLATE);
    settings.put("insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z");
    settings.put("insightflow.lake", dir.resolve("lake-" + runtime).toString());
    return settings;
  }

  private static void ingest(String runtime, Map<String, String> settings) throws IOException {
    switch (runtime) {
      case "java" -> Insightflow.fromProperties(settings).ingest();
      case "maven" -> {
        IngestMojo mojo = new IngestMojo();
        mojo.run(mojo.configure(settings, Map.of(), Map.of()));
      }
      case "lambda" -> {
        Map<String, String> environment = new LinkedHashMap<>();
        settings.forEach((key, value) -> environment.put(ConfigKey.envName(key), value));
        new LambdaContainer(environment).ingest("{}");
      }
      default -> throw new AssertionError(runtime);
    }
  }

  @Test
  void ingest_lakeSinkBatchSizeAndTemplate_writeTheSameObjectsInEveryRuntime() throws IOException {
    Map<String, Map<String, String>> lakes = new LinkedHashMap<>();
    for (String runtime : RUNTIMES) {
      ingest(runtime, settings(runtime));
      lakes.put(runtime, objects(dir.resolve("lake-" + runtime)));
    }

    assertThat(lakes.get("java")).containsOnlyKeys(
        "raw/orders/dt=2024-05-07/t=0930/orders_part00001.csv",
        "raw/orders/dt=2024-05-07/t=0930/orders_part00002.csv",
        "raw/orders/dt=2024-05-07/t=0930/orders_part00003.csv",
        "raw/orders/dt=2024-05-07/t=0930/_manifest.json",
        "raw/products/dt=2024-05-07/t=0930/products_part00001.csv",
        "raw/products/dt=2024-05-07/t=0930/_manifest.json");
    assertThat(lakes.get("maven")).isEqualTo(lakes.get("java"));
    assertThat(lakes.get("lambda")).isEqualTo(lakes.get("java"));
  }

  @Test
  void ingest_postgresqlSink_loadsTheSameRowsInEveryRuntimeAndWritesNoLake() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String runtime : RUNTIMES) {
      try (PostgresTestDatabase pg = PostgresTestDatabase.reserve()) {
        Map<String, String> settings = settings(runtime);
        settings.put("insightflow.ingest.sink", "postgresql");
        settings.put("insightflow.target.url", pg.url());
        settings.put("insightflow.target.user", pg.user());
        settings.put("insightflow.target.schema", pg.schema());

        ingest(runtime, settings);

        rows.put(runtime, pg.text("select string_agg(id || ':' || name, '|' order by id) from \"" + pg.schema()
            + "\".orders") + " / " + pg.text("select string_agg(id || ':' || name, '|' order by id) from \""
            + pg.schema() + "\".products"));
      }
      assertThat(dir.resolve("lake-" + runtime)).doesNotExist();
    }

    assertThat(rows.get("java")).startsWith("1:order 1|2:order 2|").contains("|25:order 25 / 1:product \"1\", big|");
    assertThat(rows.get("maven")).isEqualTo(rows.get("java"));
    assertThat(rows.get("lambda")).isEqualTo(rows.get("java"));
  }

  /**
   * [#21] Write mode merge with the sink postgresql, from the same settings in every runtime: a run,
   * then an older run, which only adds the keys the newer one lacks.
   */
  @Test
  void ingest_postgresqlSinkMerge_upsertsTheSameInEveryRuntime() throws IOException, SQLException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String runtime : RUNTIMES) {
      try (PostgresTestDatabase pg = PostgresTestDatabase.reserve()) {
        Map<String, String> settings = settings(runtime);
        settings.put("insightflow.tables", "orders");
        settings.put("insightflow.ingest.sink", "postgresql");
        settings.put("insightflow.target.url", pg.url());
        settings.put("insightflow.target.user", pg.user());
        settings.put("insightflow.target.schema", pg.schema());
        settings.put("insightflow.sync.writeMode.orders", "merge");
        settings.put("insightflow.sync.keys.orders", "id");

        warehouse("create or replace table orders as select range as id, 'order ' || range as name from range(1, 26)");
        ingest(runtime, settings);
        warehouse("create or replace table orders as select range as id, 'older ' || range as name from range(1, 28)");
        settings.put("insightflow.ingest.triggerTime", "2024-05-06T09:30:00Z");
        ingest(runtime, settings);

        rows.put(runtime, pg.text("select string_agg(id || ':' || name, '|' order by id) from \"" + pg.schema()
            + "\".orders"));
      }
    }

    assertThat(rows.get("java")).startsWith("1:order 1|2:order 2|").endsWith("|25:order 25|26:older 26|27:older 27");
    assertThat(rows.get("maven")).isEqualTo(rows.get("java"));
    assertThat(rows.get("lambda")).isEqualTo(rows.get("java"));
  }

  /**
   * [#22] A naming policy per table, from the same settings in every runtime (in Lambda's environment
   * the table's name is upper case: {@code INSIGHTFLOW_NAMING_ORDERLINES}): the same PostgreSQL table
   * and column names.
   */
  @Test
  void ingest_namingPolicyPerTable_namesTheSameInEveryRuntime() throws IOException, SQLException {
    warehouse("create table \"OrderLines\" as select range as \"Line ID\", range * 10 as \"orderID\" from range(1, 4)");
    Map<String, String> tables = new LinkedHashMap<>();
    for (String runtime : RUNTIMES) {
      try (PostgresTestDatabase pg = PostgresTestDatabase.reserve()) {
        Map<String, String> settings = settings(runtime);
        settings.put("insightflow.tables", "OrderLines");
        settings.put("insightflow.naming", "lower");
        settings.put("insightflow.naming.OrderLines", "snake_case");
        settings.put("insightflow.ingest.sink", "postgresql");
        settings.put("insightflow.target.url", pg.url());
        settings.put("insightflow.target.user", pg.user());
        settings.put("insightflow.target.schema", pg.schema());

        ingest(runtime, settings);

        tables.put(runtime, pg.text("select string_agg(table_name || '.' || column_name, ',' order by ordinal_position)"
            + " from information_schema.columns where table_schema = '" + pg.schema() + "' and table_name not like"
            + " '\\_insightflow%' and column_name not like '\\_insightflow%'") + " / " + pg.text("select string_agg(line_id || ':' || order_id, '|' order by line_id)"
            + " from \"" + pg.schema() + "\".order_lines"));
      }
    }

    assertThat(tables.get("java")).isEqualTo("order_lines.line_id,order_lines.order_id / 1:10|2:20|3:30");
    assertThat(tables.get("maven")).isEqualTo(tables.get("java"));
    assertThat(tables.get("lambda")).isEqualTo(tables.get("java"));
  }

  private void warehouse(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Every object of a local lake by key: a data part's content, or a manifest's parts, columns and
   * rows (its run id and completion time differ from run to run).
   */
  private static Map<String, String> objects(Path lake) throws IOException {
    Map<String, String> objects = new TreeMap<>();
    try (Stream<Path> files = Files.walk(lake)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String key = lake.relativize(file).toString().replace('\\', '/');
        byte[] bytes = Files.readAllBytes(file);
        if (file.getFileName().toString().equals(RunManifest.FILE_NAME)) {
          RunManifest m = RunManifest.fromJson(key, bytes);
          objects.put(key, m.table() + " " + m.triggerTime() + " " + m.columns() + " " + m.parts() + " " + m.rows());
        } else {
          objects.put(key, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return objects;
  }
}
