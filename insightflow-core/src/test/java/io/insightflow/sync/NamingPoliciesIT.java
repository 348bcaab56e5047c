package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.Insightflow;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.GlueMoto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * [#22] A DuckDB table with quoted upper-case and spaced names, ingested and synced under each
 * naming policy into PostgreSQL and Glue (moto): every name decided once at ingest, recorded in the
 * manifest beside the source's, used by sync and Glue; collisions and names PostgreSQL cannot hold
 * fail before any row is written; a table created under another policy is reported, never doubled.
 */
class NamingPoliciesIT extends LakeSyncFixture {

  static final java.time.Instant T2 = java.time.Instant.parse("2024-05-07T09:45:00Z");

  @RegisterExtension
  static final GlueMoto moto = new GlueMoto();

  @TempDir Path warehouseDir;
  String database;

  @BeforeEach
  void createWarehouse() throws SQLException {
    database = moto.newDatabase();
    warehouse("CREATE TABLE \"ORDERS\" (\"ORDER_ID\" INTEGER PRIMARY KEY, \"Contact Phone Number\" VARCHAR,"
        + " \"userID\" INTEGER, \"Note; \"\"quoted\"\"\" VARCHAR)",
        "INSERT INTO \"ORDERS\" VALUES (1, '209-525-7564', 7, 'a \"b\"; c'), (2, NULL, 8, E'two\\nlines')");
  }

  void warehouse(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouseDir.resolve("w.duckdb"));
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  Insightflow flow(String naming, String trigger, String tables) {
    Map<String, String> settings = new HashMap<>();
    settings.put(InsightflowProperties.SOURCE_URL.name(), "jdbc:duckdb:" + warehouseDir.resolve("w.duckdb"));
    settings.put(InsightflowProperties.TABLES.name(), tables);
    settings.put(InsightflowProperties.LAKE.name(), dir.toString());
    settings.put(InsightflowProperties.INGEST_TRIGGER_TIME.name(), trigger);
    settings.put(InsightflowProperties.NAMING.name(), naming);
    settings.put(InsightflowProperties.TARGET_URL.name(), pg.url());
    settings.put(InsightflowProperties.TARGET_USER.name(), pg.user());
    settings.put(InsightflowProperties.TARGET_SCHEMA.name(), pg.schema());
    settings.put(InsightflowProperties.CATALOG_GLUE_DATABASE.name(), database);
    settings.put(InsightflowProperties.CATALOG_GLUE_ENDPOINT.name(), moto.endpoint().toString());
    return Insightflow.configure().properties(settings).targetPassword(() -> pg.password().toCharArray()).build();
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("keep", "ORDERS", List.of("ORDER_ID", "Contact Phone Number", "userID", "Note; \"quoted\"")),
        Arguments.of("lower", "orders", List.of("order_id", "contact phone number", "userid", "note; \"quoted\"")),
        Arguments.of("snake_case", "orders", List.of("order_id", "contact_phone_number", "user_id", "note_quotedx")));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void ingestAndSync_eachPolicy_namesPostgresGlueAndManifestAlike(String naming, String table, List<String> columns)
      throws Exception {
    Insightflow flow = flow(naming, T1.toString(), "ORDERS");
    flow.ingest();
    assertThat(flow.sync().failures()).isEmpty();

    RunManifest manifest = RunManifest.fromJson("m", LakeObjects.bytes(store,
        RunManifest.keyIn(lake.template.render(table, T1))));
    assertThat(manifest.table()).isEqualTo(table);
    assertThat(manifest.naming()).isEqualTo(naming);
    assertThat(manifest.sourceTable()).isEqualTo(table.equals("ORDERS") ? null : "ORDERS");
    assertThat(manifest.columns()).extracting(RunManifest.Column::name).containsExactlyElementsOf(columns);
    assertThat(manifest.columns()).extracting(RunManifest.Column::sourceName)
        .containsExactly("ORDER_ID", "Contact Phone Number", "userID", "Note; \"quoted\"");
    assertThat(manifest.keys()).containsExactly(columns.get(0));

    assertThat(postgresColumns(table)).containsExactlyElementsOf(columns);
    assertThat(rows("SELECT * FROM " + t(table) + " ORDER BY 1")).containsExactly(
        List.of("1", "209-525-7564", "7", "a \"b\"; c"), java.util.Arrays.asList("2", null, "8", "two\nlines"));

    List<Column> glueColumns = moto.client().getTable(r -> r.databaseName(database).name("orders")).table()
        .storageDescriptor().columns();
    assertThat(glueColumns).extracting(Column::name)
        .containsExactlyElementsOf(columns.stream().map(String::toLowerCase).toList());

    // A second run under the same policy syncs into the same columns.
    Insightflow again = flow(naming, T2.toString(), "ORDERS");
    again.ingest();
    assertThat(again.sync().failures()).isEmpty();
    assertThat(postgresColumns(table)).containsExactlyElementsOf(columns);
    assertThat(rows("SELECT count(*) FROM " + t(table))).containsExactly(List.of("4"));
  }

  @Test
  void ingest_twoSourceNamesBecomingOne_failsBeforeAnyRowIsWritten() throws Exception {
    warehouse("CREATE TABLE clash (\"Order Id\" INTEGER, note VARCHAR, order_id INTEGER)",
        "INSERT INTO clash VALUES (1, 'x', 2)");

    assertThatThrownBy(() -> flow("snake_case", T1.toString(), "ORDERS,clash").ingest())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.naming.clash")
        .hasMessageContaining("'Order Id' and 'order_id'").hasMessageContaining("both become 'order_id'");
    // Every table is named before any is written: ORDERS, listed first, wrote nothing either.
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    // Per table, another policy resolves it.
    Insightflow keepClash = flow("snake_case", T1.toString(), "clash").toBuilder()
        .property("insightflow.naming.clash", "keep").build();
    keepClash.ingest();
    assertThat(keepClash.sync().failures()).isEmpty();
    assertThat(postgresColumns("clash")).containsExactly("Order Id", "note", "order_id");
  }

  @Test
  void ingest_namesOf63And64BytesInMultiByteUtf8_loadOrFailNamingNameAndLimit() throws Exception {
    String fits = "é".repeat(31) + "x";
    String over = "é".repeat(32);
    warehouse("CREATE TABLE wide (\"" + fits + "\" INTEGER)", "INSERT INTO wide VALUES (5)",
        "CREATE TABLE wider (\"" + over + "\" INTEGER)");

    Insightflow ok = flow("keep", T1.toString(), "wide");
    ok.ingest();
    assertThat(ok.sync().failures()).isEmpty();
    assertThat(postgresColumns("wide")).containsExactly(fits);

    assertThatThrownBy(() -> flow("keep", T1.toString(), "wider").ingest())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining(over).hasMessageContaining("64 bytes").hasMessageContaining("at most 63");
  }

  @Test
  void ingest_nameWithQuoteSemicolonAndNewline_failsUnderKeep_loadsAsDataUnderSnakeCase() throws Exception {
    warehouse("CREATE TABLE odd (id INTEGER, \"x\"\"; DROP TABLE odd; --\nnext\" VARCHAR)",
        "INSERT INTO odd VALUES (1, 'v')");

    assertThatThrownBy(() -> flow("keep", T1.toString(), "odd").ingest())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("'x\"; DROP TABLE odd; --\\nnext'").hasMessageContaining("control character")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    Insightflow snake = flow("snake_case", T1.toString(), "odd");
    snake.ingest();
    assertThat(snake.sync().failures()).isEmpty();
    assertThat(postgresColumns("odd")).containsExactly("id", "x_drop_table_odd_next");
    assertThat(rows("SELECT * FROM " + t("odd"))).containsExactly(List.of("1", "v"));
  }

  @Test
  void sync_tableCreatedUnderAnotherPolicy_isReportedNeverDoubled() throws Exception {
    warehouse("CREATE TABLE items (\"ITEM_ID\" INTEGER, \"Name\" VARCHAR)", "INSERT INTO items VALUES (1, 'a')");
    Insightflow keep = flow("keep", T1.toString(), "items");
    keep.ingest();
    assertThat(keep.sync().failures()).isEmpty();

    Insightflow lower = flow("lower", T2.toString(), "items");
    lower.ingest();
    SyncResult result = lower.sync();

    assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.message())
        .contains("'item_id' (source name 'ITEM_ID') is the table's column 'ITEM_ID' under another naming policy")
        .contains("insightflow.naming"));
    assertThat(postgresColumns("items")).containsExactly("ITEM_ID", "Name");
    assertThat(rows("SELECT count(*) FROM " + t("items"))).containsExactly(List.of("1"));
  }

  /**
   * A run whose columns the policy renamed: the server cannot match the header (it holds the source's
   * names), so sync checks it; a part whose header is not the manifest's source names, in order, fails
   * at line 1 even when its manifest vouches for its bytes (a forged run shifting columns).
   */
  @Test
  void sync_renamedRunWithHeaderInAnotherOrder_failsAtLineOne() throws Exception {
    Insightflow snake = flow("snake_case", T1.toString(), "ORDERS");
    snake.ingest();
    String manifestKey = RunManifest.keyIn(lake.template.render("orders", T1));
    RunManifest manifest = RunManifest.fromJson(manifestKey, LakeObjects.bytes(store, manifestKey));
    RunManifest.Part part = manifest.parts().get(0);
    String csv = LakeObjects.text(store, part.key());
    String swapped = csv.replaceFirst("^ORDER_ID,Contact Phone Number,userID", "ORDER_ID,userID,Contact Phone Number");
    assertThat(swapped).isNotEqualTo(csv);
    byte[] bytes = swapped.getBytes(StandardCharsets.UTF_8);
    store.put(part.key(), bytes);
    store.put(manifestKey, new RunManifest(manifest.version(), manifest.runId(), manifest.table(), manifest.triggerTime(),
        manifest.format(), manifest.source(), manifest.query(), manifest.columns(),
        List.of(new RunManifest.Part(part.key(), part.rows(), bytes.length, LakeObjects.crc32c(bytes))), manifest.rows(),
        manifest.completedAt(), manifest.compression(), manifest.keys(), manifest.sourceTable(), manifest.naming())
        .toJson());

    SyncResult result = snake.sync();

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(part.key());
      assertThat(f.line()).isEqualTo(1);
      assertThat(f.message()).contains("header");
    });
  }

  /**
   * External tables: the {@code _schema.json} names the objects' columns as the writer spelled them;
   * the policy names them in PostgreSQL; a CSV header and JSON fields match by the writer's names.
   */
  @ParameterizedTest
  @MethodSource("externalPolicies")
  void sync_externalTable_namesItsColumnsByThePolicy(String naming, List<String> columns) throws Exception {
    String schema = "{\"format\": \"%s\", \"columns\": [{\"name\": \"Contact Phone Number\"},"
        + " {\"name\": \"orderID\", \"type\": \"integer\"}]}";
    store.put("data/batch/contacts/_schema.json", String.format(schema, "csv").getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/contacts/a.csv", "Contact Phone Number,orderID\r\n555-0100,7\r\n".getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/events/_schema.json", String.format(schema, "jsonl").getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/events/a.jsonl", "{\"orderID\": 8, \"Contact Phone Number\": \"555-0101\"}\n"
        .getBytes(StandardCharsets.UTF_8));

    SyncResult result = new LakeSync(pg.targetOptions()).sync(store, SyncOptions.builder()
        .set(InsightflowProperties.SYNC_EXTERNAL_TABLES, List.of("contacts", "events"))
        .set(InsightflowProperties.NAMING, naming).build());

    assertThat(result.failures()).isEmpty();
    assertThat(postgresColumns("contacts")).containsExactlyElementsOf(columns);
    assertThat(rows("SELECT * FROM " + t("contacts"))).containsExactly(List.of("555-0100", "7"));
    assertThat(postgresColumns("events")).containsExactlyElementsOf(columns);
    assertThat(rows("SELECT * FROM " + t("events"))).containsExactly(List.of("555-0101", "8"));
  }

  static Stream<Arguments> externalPolicies() {
    return Stream.of(Arguments.of("keep", List.of("Contact Phone Number", "orderID")),
        Arguments.of("lower", List.of("contact phone number", "orderid")),
        Arguments.of("snake_case", List.of("contact_phone_number", "order_id")));
  }

  /** A header that is not the writer's names, in the declared order, fails the object at line 1. */
  @Test
  void sync_externalCsvHeaderOtherThanTheSchemasNames_failsAtLineOne() throws Exception {
    store.put("data/batch/contacts/_schema.json", ("{\"columns\": [{\"name\": \"Contact Phone Number\"},"
        + " {\"name\": \"orderID\"}]}").getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/contacts/a.csv", "orderID,Contact Phone Number\n7,555-0100\n".getBytes(StandardCharsets.UTF_8));

    SyncResult result = new LakeSync(pg.targetOptions()).sync(store, SyncOptions.builder()
        .set(InsightflowProperties.SYNC_EXTERNAL_TABLES, List.of("contacts"))
        .set(InsightflowProperties.NAMING, "snake_case").build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("data/batch/contacts/a.csv");
      assertThat(f.line()).isEqualTo(1);
      assertThat(f.message()).contains("header");
    });
    assertThat(pg.scalar("SELECT count(*) FROM " + t("contacts"))).isZero();
  }

  List<String> postgresColumns(String table) throws SQLException {
    return rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + pg.schema()
        + "' AND table_name = '" + table.replace("'", "''") + "' AND column_name <> '" + SyncCatalog.PROVENANCE
        + "' ORDER BY ordinal_position").stream().map(r -> r.get(0)).toList();
  }

  List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = pg.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          if (!rs.getMetaData().getColumnName(i).equals(SyncCatalog.PROVENANCE)) {
            row.add(rs.getString(i));
          }
        }
        out.add(row);
      }
    }
    return out;
  }
}
