package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_COMPRESSION;
import static io.insightflow.config.InsightflowProperties.INGEST_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.SOURCE_URL;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.SourceException;
import io.insightflow.SteppingClock;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.SourceConfig;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batch ingest from real warehouses (embedded DuckDB, the local PostgreSQL) into a local lake. */
class BatchIngestIT {

  static final Instant TRIGGER = Instant.parse("2024-05-07T09:30:41Z");
  static PostgresTestDatabase pg;

  @TempDir static Path shared;
  @TempDir Path lakeDir;
  ObjectStore lake;

  @BeforeAll
  static void createWarehouses() throws Exception {
    try (Connection c = DriverManager.getConnection(duckUrl())) {
      IngestFixture.createItems(c, "items");
    }
    pg = PostgresTestDatabase.create();
    try (Connection c = pg.connection()) {
      IngestFixture.createItems(c, pg.schema() + ".items");
    }
  }

  @AfterAll
  static void dropPostgresSchema() {
    pg.close();
  }

  @BeforeEach
  void openLake() {
    lake = newLake();
  }

  @AfterEach
  void closeLake() {
    lake.close();
  }

  /** The lake under test: a local directory here, S3 in {@link BatchIngestS3IT}. */
  ObjectStore newLake() {
    return new LocalObjectStore(lakeDir);
  }

  static String duckUrl() {
    return "jdbc:duckdb:" + shared.resolve("warehouse.duckdb");
  }

  static Stream<Warehouse> warehouses() {
    return Stream.of(
        new Warehouse("duckdb", SourceConfig.of(duckUrl()), "items"),
        new Warehouse("postgresql", SourceConfig.of(pg.url()).withCredentials(pg.user(), pg::password),
            pg.schema() + ".items"));
  }

  record Warehouse(String name, SourceConfig source, String table) {
    @Override
    public String toString() {
      return name;
    }
  }

  IngestResult ingest(Warehouse w, int batchSize) {
    return new BatchIngest(lake).run(IngestOptions.builder().set(TABLES, List.of(w.table()))
        .set(INGEST_BATCH_SIZE, (long) batchSize).set(INGEST_TRIGGER_TIME, TRIGGER.toString()).build()
        .withSource(w.source()));
  }

  RunManifest manifest(String key) {
    return RunManifest.fromJson(key, LakeObjects.bytes(lake, key));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void run_tableLargerThanBatch_writesEveryRowExactlyOnceInBoundedParts(Warehouse w) {
    IngestResult result = ingest(w, 10);

    String folder = "data/batch/items/year=2024/month=05/day=07/hhmm=0930";
    assertThat(result.tables()).singleElement().satisfies(t -> {
      assertThat(t.manifestKey()).isEqualTo(folder + "/_manifest.json");
      assertThat(t.rows()).isEqualTo(IngestFixture.ROWS);
    });
    RunManifest manifest = manifest(folder + "/_manifest.json");
    assertThat(manifest.source()).isEqualTo(w.name());
    assertThat(manifest.parts()).extracting(RunManifest.Part::key).containsExactly(
        folder + "/items_part00001.csv", folder + "/items_part00002.csv", folder + "/items_part00003.csv");
    assertThat(manifest.parts()).extracting(RunManifest.Part::rows).containsExactly(10L, 10L, 5L);
    assertThat(manifest.columns()).extracting(RunManifest.Column::name, RunManifest.Column::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("id", "integer"),
            org.assertj.core.groups.Tuple.tuple("name", "text"),
            org.assertj.core.groups.Tuple.tuple("price", "numeric(10,2)"),
            org.assertj.core.groups.Tuple.tuple("seen", "timestamp"),
            org.assertj.core.groups.Tuple.tuple("flag", "boolean"));
    for (RunManifest.Part part : manifest.parts()) {
      byte[] bytes = LakeObjects.bytes(lake, part.key());
      assertThat(part.bytes()).isEqualTo(bytes.length);
      assertThat(part.crc32c()).isEqualTo(LakeObjects.crc32c(bytes));
      assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("id,name,price,seen,flag\n");
    }

    List<List<String>> rows = IngestFixture.readRows(lake, manifest);
    assertThat(rows).extracting(r -> Integer.parseInt(r.get(0)))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, IngestFixture.ROWS).boxed().toList());
    Map<Integer, String> names = rows.stream()
        .collect(Collectors.toMap(r -> Integer.parseInt(r.get(0)), r -> r.get(1)));
    assertThat(names.get(1)).isEqualTo(IngestFixture.name(1));
    assertThat(names.get(3)).isEqualTo(IngestFixture.name(3));
    assertThat(rows).allSatisfy(r -> assertThat(r.get(2)).endsWith(".25"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void run_nullAndEmptyString_stayDistinctInCsv(Warehouse w) {
    ingest(w, 100);
    String text = new String(LakeObjects.bytes(lake,
        "data/batch/items/year=2024/month=05/day=07/hhmm=0930/items_part00001.csv"), StandardCharsets.UTF_8);
    // id 2 has an empty name (quoted), id 5 a NULL name (empty, unquoted).
    assertThat(text).containsPattern("(?m)^2,\"\",2\\.25,");
    assertThat(text).containsPattern("(?m)^5,,5\\.25,");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void run_sameTriggerTimeAgain_overwritesInsteadOfDuplicating(Warehouse w) {
    ingest(w, 10);
    List<ObjectInfo> first = lake.list("data/").toList();

    ingest(w, 10);
    assertThat(lake.list("data/").map(ObjectInfo::key).toList())
        .containsExactlyElementsOf(first.stream().map(ObjectInfo::key).toList());

    ingest(w, 20); // fewer, larger parts: the third part of the earlier runs must go
    assertThat(lake.list("data/").map(ObjectInfo::name).toList())
        .containsExactly("_manifest.json", "items_part00001.csv", "items_part00002.csv");
    assertThat(IngestFixture.readRows(lake, manifest(
        "data/batch/items/year=2024/month=05/day=07/hhmm=0930/_manifest.json"))).hasSize(IngestFixture.ROWS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void run_timeBudgetRunsOut_stopsBetweenPartsAndTheNextRunsContinueToExactlyOnce(Warehouse w) {
    // Every reading of the clock is one second later, so a 3-second budget stops a run after a few parts.
    Clock ticking = new SteppingClock(TRIGGER.plusSeconds(1), Duration.ofSeconds(1));
    IngestOptions options = IngestOptions.builder().set(TABLES, List.of(w.table())).set(INGEST_BATCH_SIZE, 4L)
        .set(INGEST_TRIGGER_TIME, TRIGGER.toString()).set(INGEST_TIME_BUDGET, Duration.ofSeconds(3)).build()
        .withSource(w.source()).withClock(ticking);
    String folder = "data/batch/items/year=2024/month=05/day=07/hhmm=0930";

    IngestResult first = new BatchIngest(lake).run(options);
    assertThat(first.complete()).isFalse();
    assertThat(first.pendingTables()).containsExactly("items");
    assertThat(lake.stat(folder + "/_manifest.json")).isEmpty();
    assertThat(lake.stat(folder + "/_progress.json")).isPresent();

    int runs = 1;
    IngestResult last = first;
    while (!last.complete()) {
      last = new BatchIngest(lake).run(options);
      assertThat(++runs).as("runs needed").isLessThan(20);
    }
    assertThat(runs).isGreaterThan(2);
    RunManifest manifest = manifest(folder + "/_manifest.json");
    assertThat(manifest.rows()).isEqualTo(IngestFixture.ROWS);
    assertThat(manifest.parts()).extracting(RunManifest.Part::key).containsExactlyElementsOf(IntStream
        .rangeClosed(1, 7).mapToObj(i -> folder + "/items_part0000" + i + ".csv").toList());
    assertThat(IngestFixture.readRows(lake, manifest)).extracting(r -> r.get(0))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, IngestFixture.ROWS).mapToObj(String::valueOf).toList());
    assertThat(lake.stat(folder + "/_progress.json")).isEmpty();
    // The stopped and the uninterrupted run leave the same bytes.
    List<String> stopped = manifest.parts().stream().map(p -> LakeObjects.crc32c(LakeObjects.bytes(lake, p.key()))).toList();
    ingest(w, 4);
    assertThat(manifest(folder + "/_manifest.json").parts()).extracting(RunManifest.Part::crc32c).containsExactlyElementsOf(stopped);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void run_gzip_writesCsvGzPartsWhoseManifestChecksumsTheStoredBytes(Warehouse w) throws Exception {
    IngestResult result = new BatchIngest(lake).run(IngestOptions.builder().set(TABLES, List.of(w.table()))
        .set(INGEST_BATCH_SIZE, 10L).set(INGEST_TRIGGER_TIME, TRIGGER.toString()).set(INGEST_COMPRESSION, "gzip")
        .build().withSource(w.source()));

    RunManifest manifest = manifest(result.tables().get(0).manifestKey());
    assertThat(manifest.compression()).isEqualTo("gzip");
    assertThat(manifest.parts()).extracting(RunManifest.Part::key).allMatch(k -> k.endsWith(".csv.gz")).hasSize(3);
    List<String> ids = new java.util.ArrayList<>();
    for (RunManifest.Part part : manifest.parts()) {
      byte[] stored = LakeObjects.bytes(lake, part.key());
      assertThat(part.bytes()).isEqualTo(stored.length);
      assertThat(part.crc32c()).isEqualTo(LakeObjects.crc32c(stored));
      String csv = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored)).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(csv).startsWith("id,name,price,seen,flag\n");
      de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(csv).stream().skip(1)
          .forEach(r -> ids.add(r.getField(0)));
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, IngestFixture.ROWS).mapToObj(String::valueOf).toList());
  }

  @Test
  void run_gzipThenSync_loadsEveryRowOnce() {
    Warehouse duck = warehouses().findFirst().orElseThrow();
    new BatchIngest(lake).run(IngestOptions.builder().set(TABLES, List.of(duck.table()))
        .set(INGEST_BATCH_SIZE, 10L).set(INGEST_TRIGGER_TIME, TRIGGER.toString()).set(INGEST_COMPRESSION, "gzip")
        .build().withSource(duck.source()));

    try (PostgresTestDatabase target = PostgresTestDatabase.reserve()) {
      LakeSync sync = new LakeSync(target.targetOptions());
      SyncResult first = sync.sync(lake, SyncOptions.builder().build());
      SyncResult again = sync.sync(lake, SyncOptions.builder().build());

      assertThat(first.successful()).as("%s", first.failures()).isTrue();
      assertThat(first.rowsLoaded()).isEqualTo(IngestFixture.ROWS);
      assertThat(again.objectsLoaded()).isZero();
      assertThat(target.scalar("select count(distinct id) from \"" + target.schema() + "\".items")).isEqualTo(IngestFixture.ROWS);
      assertThat(target.text("select name from \"" + target.schema() + "\".items where id = 3")).isEqualTo(IngestFixture.name(3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void run_unknownTable_failsBeforeWritingAnything(Warehouse w) {
    IngestOptions options = IngestOptions.builder().set(TABLES, List.of(w.table(), "no_such_table"))
        .set(INGEST_TRIGGER_TIME, TRIGGER.toString()).build().withSource(w.source());

    assertThatThrownBy(() -> new BatchIngest(lake).run(options))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("no_such_table")
        .hasMessageContaining("insightflow.tables");
    assertThat(lake.list("")).isEmpty();
  }

  @Test
  void run_emptyTable_writesOneHeaderOnlyPartSoTheSchemaTravels() throws Exception {
    try (Connection c = DriverManager.getConnection(duckUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE empty_t (a INTEGER, b VARCHAR)");
    }
    IngestResult result = new BatchIngest(lake).run(IngestOptions.builder().set(TABLES, List.of("empty_t"))
        .set(INGEST_TRIGGER_TIME, TRIGGER.toString()).set(SOURCE_URL, duckUrl()).build());

    assertThat(result.tables().get(0).parts()).isEqualTo(1);
    assertThat(new String(LakeObjects.bytes(lake,
        "data/batch/empty_t/year=2024/month=05/day=07/hhmm=0930/empty_t_part00001.csv"), StandardCharsets.UTF_8))
        .isEqualTo("a,b\n");
  }

  @Test
  void run_badJdbcUrl_failsFastNamingTheSettingWithoutThePassword() {
    IngestOptions options = IngestOptions.builder()
        .set(SOURCE_URL, "jdbc:postgresql://127.0.0.1:1/x?password=hunter2")
        .set(TABLES, List.of("items")).set(INGEST_TRIGGER_TIME, TRIGGER.toString()).build();

    assertThatThrownBy(() -> new BatchIngest(lake).run(options))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.source.url")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> new BatchIngest(lake).run(options.withSource(SourceConfig.of("jdbc:nosuchdb://x"))))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("No JDBC driver");
  }
}
