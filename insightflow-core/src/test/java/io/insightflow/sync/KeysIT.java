package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.SYNC_EXTERNAL_TABLES;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Committer;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.WriteContext;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys end to end [#21]: a warehouse's composite primary key (DuckDB, PostgreSQL) is recorded in
 * the run manifest (version 2) by ingest, and status and plan show it with where it comes from;
 * configuration (also in its environment form) overrides it; a version 1 manifest still syncs; a
 * hostile key in a manifest or a {@code _schema.json} refuses that object, named, and nothing of it loads.
 */
class KeysIT extends LakeSyncFixture {

  @TempDir Path warehouseDir;

  String duckUrl() {
    return "jdbc:duckdb:" + warehouseDir.resolve("warehouse.duckdb");
  }

  /** order_products keyed (product_id, order_id): the key's order is not the columns' order. */
  static void createTables(Connection c, String prefix) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + prefix + "order_products (order_id INTEGER NOT NULL, product_id INTEGER NOT NULL,"
          + " reordered INTEGER, PRIMARY KEY (product_id, order_id))");
      st.execute("INSERT INTO " + prefix + "order_products VALUES (1, 10, 0), (1, 11, 1), (2, 10, 1)");
      st.execute("CREATE TABLE " + prefix + "events (id INTEGER, kind VARCHAR(20))");
      st.execute("INSERT INTO " + prefix + "events VALUES (1, 'a'), (1, 'a')");
    }
  }

  @BeforeEach
  void createWarehouse() throws SQLException {
    try (Connection c = DriverManager.getConnection(duckUrl())) {
      createTables(c, "");
    }
  }

  void ingest(SourceConfig source, String... tables) {
    new BatchIngest(store).run(IngestOptions.builder().set(TABLES, List.of(tables)).set(INGEST_BATCH_SIZE, 2L)
        .set(INGEST_TRIGGER_TIME, T1.toString()).build().withSource(source));
  }

  RunManifest manifest(String table) {
    String key = manifestKey(table);
    return RunManifest.fromJson(key, LakeObjects.bytes(store, key));
  }

  String manifestKey(String table) {
    return RunManifest.keyIn(lake.template.render(table, T1));
  }

  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(InsightflowProperties.LAKE.name(), dir.toString());
    settings.put(InsightflowProperties.TARGET_URL.name(), pg.url());
    settings.put(InsightflowProperties.TARGET_USER.name(), pg.user());
    settings.put(InsightflowProperties.TARGET_SCHEMA.name(), pg.schema());
    settings.put(InsightflowProperties.PLAN_OPERATION.name(), "sync");
    return settings;
  }

  Insightflow flow(Map<String, String> settings) {
    return Insightflow.configure().properties(settings).targetPassword(() -> pg.password().toCharArray()).build();
  }

  static TableStatus status(List<TableStatus> all, String table) {
    return all.stream().filter(s -> s.table().equals(table)).findFirst().orElseThrow();
  }

  @Test
  void ingest_duckDbCompositeKey_isRecordedInManifestV2InKeyOrder() {
    ingest(SourceConfig.of(duckUrl()), "order_products", "events");

    RunManifest keyed = manifest("order_products");
    assertThat(keyed.version()).isEqualTo(2);
    assertThat(keyed.keys()).containsExactly("product_id", "order_id");
    assertThat(new String(LakeObjects.bytes(store, manifestKey("order_products")), StandardCharsets.UTF_8))
        .contains("\"keys\" : [ \"product_id\", \"order_id\" ]");
    RunManifest keyless = manifest("events");
    assertThat(keyless.version()).isEqualTo(2);
    assertThat(keyless.recordsKeys()).isTrue();
    assertThat(keyless.keys()).isEmpty();
  }

  @Test
  void ingest_postgresCompositeKey_isRecordedInManifestV2InKeyOrder() throws SQLException {
    String warehouse = pg.schema() + "_wh";
    try (Connection c = pg.connection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + warehouse);
      createTables(c, warehouse + ".");
    }
    try {
      ingest(SourceConfig.of(pg.url()).withCredentials(pg.user(), pg::password), warehouse + ".order_products",
          warehouse + ".events");

      assertThat(manifest("order_products").keys()).containsExactly("product_id", "order_id");
      assertThat(manifest("order_products").version()).isEqualTo(2);
      assertThat(manifest("events").keys()).isEmpty();
    } finally {
      pg.execute("DROP SCHEMA " + warehouse + " CASCADE");
    }
  }

  @Test
  void statusAndPlan_showTheManifestsKey_andSyncLoadsAsBefore() {
    ingest(SourceConfig.of(duckUrl()), "order_products", "events");
    Insightflow flow = flow(settings());

    List<String> plan = flow.plan();
    SyncResult synced = flow.sync();
    List<TableStatus> status = flow.status();

    assertThat(plan).contains("table order_products: key (product_id, order_id) from manifest "
        + manifestKey("order_products"), "table events: key none");
    assertThat(synced.successful()).isTrue();
    assertThat(pg.scalar("SELECT count(*) FROM " + t("order_products"))).isEqualTo(3);
    assertThat(pg.scalar("SELECT count(*) FROM " + t("events"))).isEqualTo(2);
    TableStatus keyed = status(status, "order_products");
    assertThat(keyed.keys().columns()).containsExactly("product_id", "order_id");
    assertThat(keyed.keys().origin()).isEqualTo(TableKeys.Origin.MANIFEST);
    assertThat(keyed.keys().from()).isEqualTo(manifestKey("order_products"));
    assertThat(status(status, "events").keys()).isEqualTo(TableKeys.none("events"));
    // No constraint is added to the target: keys are recorded and shown, write modes use them later.
    assertThat(pg.scalar("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = '"
        + pg.schema() + "' AND table_name = 'order_products'")).isZero();
  }

  @Test
  void configuration_overridesTheManifest_alsoInItsEnvironmentForm() {
    ingest(SourceConfig.of(duckUrl()), "order_products", "events");
    Map<String, String> settings = settings();
    settings.putAll(InsightflowProperties.registry().fromEnvironment(Map.of(
        "INSIGHTFLOW_SYNC_KEYS_ORDER_PRODUCTS", "order_id,product_id",
        "INSIGHTFLOW_SYNC_KEYS_EVENTS", "id")));

    List<TableStatus> status = flow(settings).status();
    List<String> plan = flow(settings).plan();

    TableKeys keyed = status(status, "order_products").keys();
    assertThat(keyed.columns()).containsExactly("order_id", "product_id");
    assertThat(keyed.origin()).isEqualTo(TableKeys.Origin.CONFIG);
    assertThat(keyed.from()).isEqualTo("insightflow.sync.keys.order_products");
    assertThat(keyed.notes()).containsExactly("insightflow.sync.keys.order_products overrides the key"
        + " (product_id, order_id) of " + manifestKey("order_products"));
    assertThat(status(status, "events").keys().describe()).isEqualTo("(id) from config insightflow.sync.keys.events");
    assertThat(plan).contains("table order_products: key (order_id, product_id) from config"
        + " insightflow.sync.keys.order_products");
  }

  @Test
  void ingestIntoPostgres_theSinkReceivesTheSourcesKey_andConfigurationOverridesIt() {
    Map<String, String> settings = settings();
    settings.put("insightflow.sync.keys.events", "id");
    List<TableKeys> received = new ArrayList<>();
    try (Sink<?> opened = Connectors.sink(InsightflowProperties.INGEST_SINK.name(), "postgresql", settings)) {
      PostgresSink sink = (PostgresSink) opened;
      Sink<PostgresSink.Load> recording = new Sink<>() {
        @Override
        public SinkWriter<PostgresSink.Load> open(WriteContext context) {
          received.add(sink.keys(context));
          return sink.open(context);
        }

        @Override
        public Committer<PostgresSink.Load> committer() {
          return sink.committer();
        }

        @Override
        public String describe() {
          return sink.describe();
        }

        @Override
        public void close() {}
      };
      new BatchIngest(recording).run(IngestOptions.builder().set(TABLES, List.of("order_products", "events"))
          .set(INGEST_BATCH_SIZE, 2L).set(INGEST_TRIGGER_TIME, T1.toString()).build()
          .withSource(SourceConfig.of(duckUrl())));
    }

    assertThat(received).extracting(TableKeys::table, TableKeys::columns, TableKeys::origin).containsExactly(
        org.assertj.core.groups.Tuple.tuple("order_products", List.of("product_id", "order_id"), TableKeys.Origin.SOURCE),
        org.assertj.core.groups.Tuple.tuple("events", List.of("id"), TableKeys.Origin.CONFIG));
    assertThat(pg.scalar("SELECT count(*) FROM " + t("order_products"))).isEqualTo(3);
    assertThat(pg.scalar("SELECT count(*) FROM " + t("events"))).isEqualTo(2);
  }

  @Test
  void versionOneManifest_stillSyncs_withoutAKey() {
    lake.run("legacy", T1, TestLake.idName(), TestLake.idNameRows(1, 5));
    String key = manifestKey("legacy");
    RunManifest v2 = RunManifest.fromJson(key, LakeObjects.bytes(store, key));
    RunManifest v1 = new RunManifest(1, v2.runId(), v2.table(), v2.triggerTime(), v2.format(), v2.source(), v2.query(),
        v2.columns(), v2.parts(), v2.rows(), v2.completedAt(), null, List.of("id"));
    store.put(key, v1.toJson());

    SyncResult result = sync.sync(store, SyncOptions.builder().build());

    assertThat(result.successful()).isTrue();
    assertThat(pg.scalar("SELECT count(*) FROM " + t("legacy"))).isEqualTo(5);
    assertThat(sync.status(store, SyncOptions.builder().build())).singleElement()
        .satisfies(s -> assertThat(s.keys()).isEqualTo(TableKeys.none("legacy")));
  }

  @Test
  void runsThatDisagree_newestRunsKeyApplies_andTheOlderIsNoted() {
    lake.run("op", T1, TestLake.idName(), TestLake.idNameRows(1, 2));
    lake.run("op", T1.plusSeconds(86_400), TestLake.idName(), TestLake.idNameRows(3, 2));
    String older = manifestKey("op");
    String newer = RunManifest.keyIn(lake.template.render("op", T1.plusSeconds(86_400)));
    store.put(older, RunManifest.fromJson(older, LakeObjects.bytes(store, older)).withKeys(List.of("id")).toJson());
    store.put(newer, RunManifest.fromJson(newer, LakeObjects.bytes(store, newer)).withKeys(List.of("id", "name")).toJson());

    SyncPlan plan = sync.plan(store, SyncOptions.builder().build());

    assertThat(plan.keys()).singleElement().satisfies(k -> {
      assertThat(k.columns()).containsExactly("id", "name");
      assertThat(k.from()).isEqualTo(newer);
      assertThat(k.notes()).singleElement().asString().contains("(id)").contains(older);
    });
    assertThat(plan.describe()).anySatisfy(line -> assertThat(line).startsWith("  note 1 older run records the key (id)"));
  }

  @Test
  void newerManifestThatRecordsNoKey_doesNotEraseTheOlderRunsKey() {
    lake.run("op", T1, TestLake.idName(), TestLake.idNameRows(1, 2));
    lake.run("op", T1.plusSeconds(60), TestLake.idName(), TestLake.idNameRows(3, 2)); // like a stream flush: no "keys"
    String older = manifestKey("op");
    store.put(older, RunManifest.fromJson(older, LakeObjects.bytes(store, older)).withKeys(List.of("id")).toJson());

    SyncPlan plan = sync.plan(store, SyncOptions.builder().build());

    assertThat(plan.keys()).singleElement().satisfies(k -> {
      assertThat(k.columns()).containsExactly("id");
      assertThat(k.from()).isEqualTo(older);
      assertThat(k.notes()).isEmpty();
    });
  }

  @Test
  void hostileManifestKeys_refuseThatRun_namedAndNothingOfItLoads() {
    lake.run("good", T1, TestLake.idName(), TestLake.idNameRows(1, 3));
    lake.run("forged", T1, TestLake.idName(), TestLake.idNameRows(1, 3));
    String key = manifestKey("forged");
    RunManifest m = RunManifest.fromJson(key, LakeObjects.bytes(store, key));
    store.put(key, m.withKeys(List.of("id\"); DROP TABLE x; --")).toJson());

    SyncResult result = sync.sync(store, SyncOptions.builder().build());

    assertThat(result.successful()).isFalse();
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(key);
      assertThat(f.message()).contains("Not a valid run manifest").contains("is no column of the table").contains(key);
    });
    assertThat(pg.scalar("SELECT count(*) FROM " + t("good"))).isEqualTo(3);
    assertThat(pg.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + pg.schema()
        + "' AND table_name = 'forged'")).isZero();
  }

  @Test
  void externalSchemaKeys_areTheTablesKey_andHostileOnesRefuseTheTable() {
    store.put("data/batch/drops/_schema.json", ("{\"columns\": [{\"name\": \"id\", \"type\": \"bigint\"},"
        + " {\"name\": \"seq\", \"type\": \"integer\"}], \"keys\": [\"seq\", \"id\"]}").getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/drops/a.csv", "id,seq\n1,1\n1,2\n".getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/bad/_schema.json", ("{\"columns\": [{\"name\": \"id\", \"type\": \"bigint\"}],"
        + " \"keys\": [\"id\", \"id\"]}").getBytes(StandardCharsets.UTF_8));
    store.put("data/batch/bad/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
    SyncOptions options = SyncOptions.builder().set(SYNC_EXTERNAL_TABLES, List.of("drops", "bad")).build();

    SyncResult result = sync.sync(store, options);
    List<TableStatus> status = sync.status(store, options);

    assertThat(status(status, "drops").keys().describe()).isEqualTo("(seq, id) from schema data/batch/drops/_schema.json");
    assertThat(pg.scalar("SELECT count(*) FROM " + t("drops"))).isEqualTo(2);
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("data/batch/bad/_schema.json");
      assertThat(f.message()).contains("Not a valid table schema").contains("key column 'id' is named twice");
    });
    assertThat(pg.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + pg.schema()
        + "' AND table_name = 'bad'")).isZero();
  }
}
