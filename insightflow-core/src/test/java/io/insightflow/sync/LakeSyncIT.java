package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_RETRY_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.TARGET_PASSWORD;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_START;
import io.insightflow.config.OptionsBuilder;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.SteppingClock;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LakeSyncIT extends LakeSyncFixture {

  static final Instant T2 = Instant.parse("2024-05-07T10:30:00Z");
  static final Instant T3 = Instant.parse("2024-05-08T09:30:00Z");

  static OptionsBuilder<SyncOptions> options() {
    return SyncOptions.builder().set(SYNC_THREADS, 2);
  }

  @Test
  void sync_fullMode_loadsEveryCompleteRunAndIgnoresIncompleteOnes() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 100), TestLake.idNameRows(101, 50));
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(151, 10));
    lake.parts("orders", T3, TestLake.idNameRows(1000, 7)); // no manifest: incomplete

    SyncResult result = sync.sync(store, options().set(SYNC_MODE, "full").build());

    assertThat(result.successful()).isTrue();
    assertThat(result.objectsLoaded()).isEqualTo(3);
    assertThat(result.rowsLoaded()).isEqualTo(160);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(160);
    assertThat(pg.scalar("select sum(id) from " + t("orders"))).isEqualTo(160L * 161 / 2);
    assertThat(pg.text("select name from " + t("orders") + " where id = 7")).isEqualTo("name-7");
    assertThat(pg.scalar("select count(distinct _insightflow_object) from " + t("orders"))).isEqualTo(3);
  }

  @Test
  void sync_rerun_loadsNothing() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 100), TestLake.idNameRows(101, 50));
    sync.sync(store, options().build());

    SyncResult again = sync.sync(store, options().build());
    SyncResult full = sync.sync(store, options().set(SYNC_MODE, "full").build());

    assertThat(again.objectsLoaded()).isZero();
    assertThat(full.objectsLoaded()).isZero();
    assertThat(full.tables()).singleElement().extracting(SyncResult.TableResult::objectsSkipped).isEqualTo(2L);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(150);
  }

  @Test
  void sync_rewrittenObject_replacesItsRows() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 100), TestLake.idNameRows(101, 50));
    sync.sync(store, options().build());

    // A retried run rewrites the same keys with new content.
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 100), TestLake.idNameRows(501, 20));
    SyncResult result = sync.sync(store, options().set(SYNC_MODE, "full").build());

    assertThat(result.objectsLoaded()).isEqualTo(1);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(120);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where id > 500")).isEqualTo(20);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where id between 101 and 150")).isZero();
  }

  @Test
  void sync_windowMode_loadsOnlyPartitionsInHalfOpenWindow() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(11, 10));
    lake.run("orders", T3, TestLake.idName(), TestLake.idNameRows(21, 10));

    SyncResult result = sync.sync(store, options().set(SYNC_MODE, "window")
        .set(SYNC_START, T1.toString()).set(SYNC_END, T3.toString()).build());

    assertThat(result.rowsLoaded()).isEqualTo(20);
    assertThat(pg.scalar("select max(id) from " + t("orders"))).isEqualTo(20);
  }

  @Test
  void sync_incremental_loadsNewRunsAndLateRunsWithinMargin() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    lake.run("orders", T3, TestLake.idName(), TestLake.idNameRows(21, 10));
    sync.sync(store, options().build());
    assertThat(pg.text("select resume_from::text from " + t("_insightflow_watermark")))
        .startsWith("2024-05-08 09:30");

    Instant lateWithinMargin = T3.minus(Duration.ofMinutes(30));
    Instant lateBeyondMargin = T2; // a day before the watermark: only a full sync finds it
    lake.run("orders", lateWithinMargin, TestLake.idName(), TestLake.idNameRows(31, 5));
    lake.run("orders", lateBeyondMargin, TestLake.idName(), TestLake.idNameRows(11, 10));
    lake.run("orders", T3.plus(Duration.ofHours(1)), TestLake.idName(), TestLake.idNameRows(41, 5));

    SyncResult incremental = sync.sync(store, options().build());
    assertThat(incremental.rowsLoaded()).isEqualTo(10);

    SyncResult full = sync.sync(store, options().set(SYNC_MODE, "full").build());
    assertThat(full.rowsLoaded()).isEqualTo(10);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(40);
  }

  @Test
  void sync_incompleteRunCompletedLater_loadedOnceComplete() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    String late = TestLake.idNameRows(11, 10);
    List<String> keys = lake.parts("orders", T2, late);
    lake.run("orders", T3, TestLake.idName(), TestLake.idNameRows(21, 10));

    SyncResult first = sync.sync(store, options().build());
    assertThat(first.rowsLoaded()).isEqualTo(20);

    lake.manifest("orders", T2, TestLake.idName(), keys, late);
    SyncResult second = sync.sync(store, options().build());

    assertThat(second.rowsLoaded()).isEqualTo(10);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(30);
  }

  @Test
  void sync_streamManifestsPerObject_loadEachListedObject() throws Exception {
    TestLake stream = new TestLake(store, io.insightflow.layout.PartitionTemplate.stream());
    String folder = stream.template.render("events", T1);
    String a = TestLake.idNameRows(1, 5);
    String b = TestLake.idNameRows(6, 5);
    store.put(folder + "/shardId-0-1.csv", a.getBytes(StandardCharsets.UTF_8));
    store.put(folder + "/shardId-0-2.csv", b.getBytes(StandardCharsets.UTF_8));
    writeStreamManifest(folder, "_manifest.shardId-0-1.json", folder + "/shardId-0-1.csv", a);

    SyncResult first = sync.sync(store, options().build());
    assertThat(first.rowsLoaded()).isEqualTo(5);

    writeStreamManifest(folder, "_manifest.shardId-0-2.json", folder + "/shardId-0-2.csv", b);
    SyncResult second = sync.sync(store, options().build());
    assertThat(second.rowsLoaded()).isEqualTo(5);
    assertThat(pg.scalar("select count(*) from " + t("events"))).isEqualTo(10);
  }

  @Test
  void sync_runs_loadsOnlyTheNamedRunsAndKeepsTheWatermark() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(11, 10));
    lake.run("customers", T2, TestLake.idName(), TestLake.idNameRows(1, 3));
    TestLake stream = new TestLake(store, io.insightflow.layout.PartitionTemplate.stream());
    String folder = stream.template.render("events", T1);
    String a = TestLake.idNameRows(1, 5);
    store.put(folder + "/shardId-0-1.csv", a.getBytes(StandardCharsets.UTF_8));
    store.put(folder + "/shardId-0-2.csv", a.getBytes(StandardCharsets.UTF_8));
    writeStreamManifest(folder, "_manifest.shardId-0-1.json", folder + "/shardId-0-1.csv", a);
    writeStreamManifest(folder, "_manifest.shardId-0-2.json", folder + "/shardId-0-2.csv", a);
    String ordersT2 = RunManifest.keyIn(lake.template.render("orders", T2));

    SyncResult result = sync.sync(store, options()
        .build().withRuns(List.of(ordersT2, folder + "/_manifest.shardId-0-2.json")));

    assertThat(result.successful()).isTrue();
    assertThat(result.objectsLoaded()).isEqualTo(2);
    assertThat(pg.scalar("select min(id) * 1000 + count(*) from " + t("orders"))).isEqualTo(11_010);
    assertThat(pg.text("select string_agg(object_key, ',') from " + t("_insightflow_loaded")
        + " where table_name = 'events'")).endsWith("shardId-0-2.csv");
    assertThat(pg.scalar("select (to_regclass('" + pg.schema() + ".customers') is not null)::int")).isZero();
    assertThat(pg.scalar("select count(*) from " + t("_insightflow_watermark"))).isZero();
    // The incremental sync afterwards still finds the older run the event did not name.
    assertThat(sync.sync(store, options().build()).objectsLoaded()).isEqualTo(3);
  }

  @Test
  void sync_runsNamingMissingManifest_failsNamingIt() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    String missing = lake.template.render("orders", T2) + "/_manifest.json";

    SyncResult result = sync.sync(store, options().build().withRuns(List.of(missing)));

    assertThat(result.successful()).isFalse();
    assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.message())
        .contains(missing).contains("not in the lake"));
    assertThat(result.objectsLoaded()).isZero();
  }

  private void writeStreamManifest(String folder, String name, String key, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    RunManifest m = new RunManifest(1, "run-" + name, "events", T1, "csv", "kinesis", null,
        TestLake.idName(), List.of(new RunManifest.Part(key, TestLake.dataRows(content), bytes.length,
            LakeObjects.crc32c(bytes))), TestLake.dataRows(content), Instant.now());
    store.put(folder + "/" + name, m.toJson());
  }

  @Test
  void sync_twoConcurrentWorkers_loadEveryRowExactlyOnce() throws Exception {
    for (int run = 0; run < 6; run++) {
      String[] parts = new String[4];
      for (int p = 0; p < 4; p++) {
        parts[p] = TestLake.idNameRows(run * 40_000L + p * 10_000L + 1, 10_000);
      }
      lake.run("orders", T1.plus(Duration.ofHours(run)), TestLake.idName(), parts);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<SyncResult> a = pool.submit(() -> new LakeSync(pg.targetOptions()).sync(store, options().build()));
      Future<SyncResult> b = pool.submit(() -> new LakeSync(pg.targetOptions()).sync(store, options().build()));
      SyncResult ra = a.get();
      SyncResult rb = b.get();
      assertThat(ra.successful()).isTrue();
      assertThat(rb.successful()).isTrue();
      assertThat(ra.objectsLoaded() + rb.objectsLoaded()).isEqualTo(24);
    } finally {
      pool.shutdown();
    }
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(240_000);
    assertThat(pg.scalar("select count(distinct id) from " + t("orders"))).isEqualTo(240_000);
    assertThat(pg.scalar("select count(*) from " + t("_insightflow_loaded"))).isEqualTo(24);
    // Provenance: each object's rows carry its own id, although COPYs ran in parallel.
    assertThat(pg.scalar("select count(*) from (select _insightflow_object from " + t("orders")
        + " group by 1 having count(*) = 10000) x")).isEqualTo(24);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " o join " + t("_insightflow_loaded")
        + " l on l.object_id = o._insightflow_object")).isEqualTo(240_000);
  }

  @Test
  void sync_malformedObject_failsWithKeyLineAndColumnWhileOthersLoad() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    List<String> bad = lake.run("orders", T2, TestLake.idName(), "id,name\n1,a\nabc,b\n3,c\n");

    SyncResult result = sync.sync(store, options().build());

    assertThat(result.successful()).isFalse();
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(bad.get(0));
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo("id");
      assertThat(f.message()).contains(bad.get(0)).contains("line 3").contains("column id");
    });
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(10);
    assertThat(pg.scalar("select count(*) from " + t("_insightflow_failed"))).isEqualTo(1);
    assertThat(sync.status(store, options().build())).singleElement().satisfies(s -> {
      assertThat(s.objectsInLake()).isEqualTo(2);
      assertThat(s.objectsLoaded()).isEqualTo(1);
      assertThat(s.objectsPending()).isEqualTo(1);
      assertThat(s.objectsFailed()).isEqualTo(1);
      assertThat(s.rowsLoaded()).isEqualTo(10);
      assertThat(s.lastLoadedPartition()).isEqualTo(T1);
    });
  }

  @Test
  void sync_hostileNames_loadAsNamesOrAreRejected_neverExecuted() throws Exception {
    pg.execute("CREATE SCHEMA \"" + pg.schema() + "\"; CREATE TABLE " + t("y") + " (a int)");
    String hostile = "x\"; DROP TABLE " + pg.schema() + ".y; --";
    String folder = lake.template.render("orders", T1);
    String csv = TestLake.idNameRows(1, 3);
    store.put(folder + "/orders_part00001.csv", csv.getBytes(StandardCharsets.UTF_8));
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    RunManifest m = new RunManifest(1, "r", hostile, T1, "csv", "test", null,
        TestLake.columns("id bigint", "name text"), List.of(new RunManifest.Part(folder + "/orders_part00001.csv",
            3, bytes.length, LakeObjects.crc32c(bytes))), 3, Instant.now());
    store.put(RunManifest.keyIn(folder), m.toJson());
    lake.run("other", T1, List.of(new RunManifest.Column("id", "bigint", null, true),
        new RunManifest.Column("\"; DROP TABLE y; --", "text", null, true)), "id,\"\"\"; DROP TABLE y; --\"\n1,2\n");
    lake.run("third", T1, TestLake.columns("id bigint", "name text); DROP TABLE y; --"), "id,name\n1,2\n");

    SyncResult result = sync.sync(store, options().build());

    assertThat(result.failures()).hasSize(2)
        .allSatisfy(f -> assertThat(f.message()).containsAnyOf("Unsupported column type",
            "but lies in the folder of table orders"));
    // [#22] A column name with a quote and a semicolon is a name PostgreSQL can hold: quoted, loaded as data.
    assertThat(pg.text("select \"\"\"; DROP TABLE y; --\" from " + t("other"))).isEqualTo("2");
    assertThat(pg.scalar("select count(*) from " + t("y"))).isZero(); // still there
    assertThatThrownBy(() -> SyncOptions.builder().set(TABLES, List.of("a\ndrop table y")).build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.tables");
    assertThatThrownBy(() -> SyncOptions.builder().set(TARGET_SCHEMA, "s\u0000x").build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.target.schema");
  }

  @Test
  void sync_deadline_stopsBetweenObjectsAndNextCallContinues() throws Exception {
    for (int run = 0; run < 5; run++) {
      lake.run("orders", T1.plus(Duration.ofHours(run)), TestLake.idName(), TestLake.idNameRows(run * 10L + 1, 10));
    }
    Clock stepping = new SteppingClock(Instant.EPOCH, Duration.ofSeconds(100)); // 100 s per look at the clock
    LakeSync limited = new LakeSync(pg.targetOptions(), stepping);

    SyncResult first = limited.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1)
        .set(SYNC_TIME_BUDGET, Duration.ofSeconds(250)).build());

    assertThat(first.objectsLoaded()).isEqualTo(2);
    assertThat(first.remaining()).hasSize(3);
    assertThat(first.deadlineReached()).isTrue();
    assertThat(first.successful()).isTrue();
    SyncResult second = sync.sync(store, options().build());
    assertThat(second.objectsLoaded()).isEqualTo(3);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(50);
  }

  @Test
  void sync_newColumnInLaterRun_isAdded() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 5));
    lake.run("orders", T2, TestLake.columns("id bigint", "name text", "price numeric(12,2)"),
        "id,name,price\n6,f,1.50\n7,g,\n");

    SyncResult result = sync.sync(store, options().set(SYNC_THREADS, 1).build());

    assertThat(result.successful()).isTrue();
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where price is null")).isEqualTo(6);
    assertThat(pg.text("select price::text from " + t("orders") + " where id = 6")).isEqualTo("1.50");
  }

  /**
   * [#8] Tables the user created (with or without keys, holding rows of their own) load after other
   * tables on the same connection, one thread or many: adding the provenance column must not read the
   * transaction-local object id that an earlier load on the connection left as ''.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "threads={0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 4})
  void sync_precreatedTablesAfterOtherLoads_loadOnReusedConnections(int threads) throws Exception {
    pg.execute("CREATE SCHEMA " + pg.schema() + "; CREATE TABLE " + t("keyed") + " (id bigint PRIMARY KEY, name text);"
        + " CREATE TABLE " + t("plain") + " (name text, id bigint, extra int DEFAULT 7);"
        + " INSERT INTO " + t("plain") + " VALUES ('mine', -1, 1)");
    for (int run = 0; run < 3; run++) {
      Instant time = T1.plus(Duration.ofHours(run));
      lake.run("created", time, TestLake.idName(), TestLake.idNameRows(run * 100L + 1, 100));
      lake.run("keyed", time.plusSeconds(60), TestLake.idName(), TestLake.idNameRows(run * 100L + 1, 100));
      lake.run("plain", time.plusSeconds(120), TestLake.idName(), TestLake.idNameRows(run * 100L + 1, 100));
    }

    SyncResult result = sync.sync(store, options().set(SYNC_THREADS, threads).build());

    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(9);
    for (String table : List.of("created", "keyed", "plain")) {
      assertThat(pg.scalar("select count(*) from " + t(table) + " where id > 0")).as(table).isEqualTo(300);
      assertThat(pg.scalar("select sum(id) from " + t(table) + " where id > 0")).as(table).isEqualTo(300L * 301 / 2);
      assertThat(pg.scalar("select count(distinct _insightflow_object) from " + t(table))).as(table).isEqualTo(3);
    }
    assertThat(pg.text("select name || extra || coalesce(_insightflow_object::text, 'none') from " + t("plain")
        + " where id = -1")).isEqualTo("mine1none");
    assertThat(pg.scalar("select count(*) from " + t("plain") + " where extra = 7")).isEqualTo(300);
  }

  @Test
  void sync_nullAndEmptyString_keptApart() throws Exception {
    lake.rawRun("orders", T1, TestLake.idName(),
        "id,name\n1,\n2,\"\"\n3,\"a,\"\"b\"\"\nc\"\n".getBytes(StandardCharsets.UTF_8), 3);

    sync.sync(store, options().build());

    assertThat(pg.scalar("select count(*) from " + t("orders") + " where name is null")).isEqualTo(1);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where name = ''")).isEqualTo(1);
    assertThat(pg.text("select name from " + t("orders") + " where id = 3")).isEqualTo("a,\"b\"\nc");
  }

  @Test
  void status_beforeAndAfterSync_reportsPerTable() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10), TestLake.idNameRows(11, 10));
    lake.run("products", T1, TestLake.idName(), TestLake.idNameRows(1, 3));

    List<TableStatus> before = sync.status(store, options().build());
    sync.sync(store, options().set(TABLES, List.copyOf(Set.of("orders"))).build());
    List<TableStatus> after = sync.status(store, options().build());

    assertThat(before).extracting(TableStatus::objectsPending).containsExactly(2L, 1L);
    assertThat(after).usingRecursiveFieldByFieldElementComparatorIgnoringFields("freshness").containsExactly(
        new TableStatus("orders", 2, 2, 0, 0, 20, T1, null, WriteMode.APPEND, SchemaChangeMode.EVOLVE),
        new TableStatus("products", 1, 0, 1, 0, 0, null, null, WriteMode.APPEND,
            SchemaChangeMode.EVOLVE));
  }

  /**
   * A worker's load holds the engine tables (row-exclusive) until its object commits, which for a
   * replace table's run can be minutes: another worker's start must not queue behind it, nor make the
   * loads behind it queue (an ALTER TABLE or CREATE INDEX of the catalog would, even with IF NOT EXISTS).
   */
  @Test
  void sync_whileAnotherWorkersLoadHoldsTheCatalog_startsWithoutWaitingForIt() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    sync.sync(store, options().build());
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(11, 10));
    LakeSync impatient = new LakeSync(PostgresConnectionOptions.builder()
        .set(TARGET_URL, pg.url() + (pg.url().contains("?") ? "&" : "?") + "options=-c%20lock_timeout%3D2000")
        .set(TARGET_USER, pg.user()).set(TARGET_PASSWORD, pg.password()).set(TARGET_SCHEMA, pg.schema()).build());

    try (Connection worker = pg.connection()) {
      worker.setAutoCommit(false);
      try (Statement st = worker.createStatement()) {
        st.execute("LOCK TABLE " + t("_insightflow_loaded") + ", " + t("_insightflow_deleted") + ", "
            + t("_insightflow_failed") + ", " + t("_insightflow_watermark") + " IN ROW EXCLUSIVE MODE");
      }
      SyncResult result = impatient.sync(store, options().set(SYNC_RETRY_TIMEOUT, Duration.ZERO).build());
      worker.rollback();

      assertThat(result.successful()).isTrue();
      assertThat(result.objectsLoaded()).isEqualTo(1);
    }
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(20);
  }

  @Test
  void sync_onTheCatalogOfAnOlderVersion_addsTheColumnsAndIndexesItLacks() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    sync.sync(store, options().build());
    pg.execute("ALTER TABLE " + t("_insightflow_loaded") + " DROP COLUMN state, DROP COLUMN unseen_deletes");
    pg.execute("DROP INDEX " + t("_insightflow_loaded_table") + ", " + t("_insightflow_deleted_object"));
    pg.execute("CREATE OR REPLACE FUNCTION " + t(SyncCatalog.OBJECT_ID_FUNCTION)
        + "() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT NULL::integer $$");
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(11, 10));

    SyncResult result = sync.sync(store, options().build());

    assertThat(result.objectsLoaded()).isEqualTo(1);
    assertThat(pg.text("SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_attribute WHERE attrelid = '"
        + t("_insightflow_loaded") + "'::regclass AND attname IN ('state', 'unseen_deletes')"))
        .isEqualTo("state,unseen_deletes");
    assertThat(pg.scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + pg.schema()
        + "' AND indexname IN ('_insightflow_loaded_table', '_insightflow_deleted_object')")).isEqualTo(2);
    assertThat(pg.text("SELECT string_agg(DISTINCT state, ',') FROM " + t("_insightflow_loaded"))).isEqualTo("loaded");
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where id > 10 and _insightflow_object is not null"))
        .isEqualTo(10); // the provenance default's function is this version's again
  }

  @Test
  void sync_onACompleteCatalog_writesNoCatalogRow() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    sync.sync(store, options().build());
    String function = "to_regprocedure('" + t(SyncCatalog.OBJECT_ID_FUNCTION) + "()')";
    String before = pg.text("SELECT xmin::text || '/' || prosrc FROM pg_proc WHERE oid = " + function);
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(11, 10));

    sync.sync(store, options().build());

    assertThat(pg.text("SELECT xmin::text || '/' || prosrc FROM pg_proc WHERE oid = " + function)).isEqualTo(before);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where _insightflow_object is not null")).isEqualTo(20);
  }

  /** A STABLE provenance default is evaluated per row (~40 % slower COPY): the catalog's check covers that too. */
  @Test
  void sync_onAStableProvenanceFunction_makesItImmutableAgain() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    sync.sync(store, options().build());
    String function = "to_regprocedure('" + t(SyncCatalog.OBJECT_ID_FUNCTION) + "()')";
    pg.execute("ALTER FUNCTION " + t(SyncCatalog.OBJECT_ID_FUNCTION) + "() STABLE");
    lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(11, 10));

    sync.sync(store, options().build());

    assertThat(pg.text("SELECT provolatile::text FROM pg_proc WHERE oid = " + function)).isEqualTo("i");
  }
}
