package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.config.OptionsBuilder;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.SourceException;
import io.insightflow.SteppingClock;
import io.insightflow.connect.jdbc.JdbcSource;
import io.insightflow.connect.jdbc.PostgresDialect;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Committer;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import io.insightflow.spi.WriteContext;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.RowFingerprint;
import java.io.File;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [#13] PostgreSQL read by several connections at once, in block ranges of one exported snapshot:
 * every row exactly once, in the order and parts of a sequential read, whatever other sessions do
 * meanwhile, with time-budget stops and reader failures as exact as on one connection.
 */
class PostgresParallelIngestIT {

  static final Instant TRIGGER = Instant.parse("2024-05-07T09:30:41Z");
  static final int ROWS = 20_000;
  static final int BATCH = 1000;
  static final String FOLDER = "data/batch/orders/year=2024/month=05/day=07/hhmm=0930";
  static PostgresTestDatabase pg;

  @TempDir Path lakeDir;
  ObjectStore lake;

  @BeforeAll
  static void createTables() {
    pg = PostgresTestDatabase.create();
    pg.execute("CREATE TABLE " + pg.schema() + ".orders AS SELECT i AS id, 'name, \"' || i || '\"' AS name,"
        + " i % 97 AS qty FROM generate_series(1, " + ROWS + ") i");
    pg.execute("VACUUM ANALYZE " + pg.schema() + ".orders");
    pg.execute("CREATE TABLE " + pg.schema() + ".fresh (id int)"); // never analysed: no density to plan by
    pg.execute("INSERT INTO " + pg.schema() + ".fresh SELECT generate_series(1, 5000)");
    pg.execute("CREATE VIEW " + pg.schema() + ".orders_view AS SELECT * FROM " + pg.schema() + ".orders");
  }

  @AfterAll
  static void dropTables() {
    pg.close();
  }

  @BeforeEach
  void openLake() {
    lake = new LocalObjectStore(lakeDir);
  }

  @AfterEach
  void closeLake() {
    lake.close();
  }

  static SourceConfig source(int readers) {
    return new SourceConfig(pg.url(), pg.user(), pg::password, Map.of("insightflow.ingest.readers", String.valueOf(readers)));
  }

  OptionsBuilder<IngestOptions> options(String table) {
    return IngestOptions.builder().set(TABLES, List.of(pg.schema() + "." + table)).set(INGEST_BATCH_SIZE, (long) BATCH)
        .set(INGEST_TRIGGER_TIME, TRIGGER.toString());
  }

  IngestOptions options(String table, int readers) {
    return options(table).build().withSource(source(readers));
  }

  RunManifest manifest(String table) {
    String key = FOLDER.replace("orders", table) + "/_manifest.json";
    return RunManifest.fromJson(key, LakeObjects.bytes(lake, key));
  }

  /** The rows of every part in part order. */
  List<List<String>> rows(RunManifest manifest) {
    List<List<String>> rows = new ArrayList<>();
    manifest.parts().forEach(p -> rows.addAll(LakeObjects.csvRows(lake, p.key())));
    return rows;
  }

  /** {@link RowFingerprint#idNameQty} of rows read back from the lake. */
  static List<String> fingerprint(List<List<String>> rows) throws Exception {
    String text = rows.stream().sorted(Comparator.comparingInt(r -> Integer.parseInt(r.get(0))))
        .map(r -> String.join(",", r)).collect(Collectors.joining("\n"));
    byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return List.of(String.valueOf(rows.size()), String.format("%032x", new BigInteger(1, md5)));
  }

  static List<String> fingerprint(String table) throws SQLException {
    try (Connection c = pg.connection()) {
      return RowFingerprint.idNameQty(c, pg.schema() + "." + table);
    }
  }

  List<String> stagingFiles() {
    String[] files = lakeDir.resolve("_staging").toFile().list();
    return files == null ? List.of() : List.of(files);
  }

  @ParameterizedTest(name = "readers={0}")
  @ValueSource(ints = {1, 2})
  void run_multiChunkTable_writesEveryRowOnceInPhysicalOrder(int readers) throws Exception {
    IngestResult result = new BatchIngest(lake).run(options("orders", readers));

    RunManifest manifest = manifest("orders");
    List<List<String>> rows = rows(manifest);
    assertThat(result.tables().get(0).rows()).isEqualTo(ROWS);
    assertThat(fingerprint(rows)).isEqualTo(fingerprint("orders"));
    // Loaded in id order and never updated, the table's physical order is the id order: parts
    // written in chunk order concatenate to 1..ROWS.
    assertThat(rows).extracting(r -> Integer.parseInt(r.get(0))).isSorted().doesNotHaveDuplicates().hasSize(ROWS);
    assertThat(manifest.parts()).allSatisfy(p -> assertThat(p.rows()).isBetween(1L, (long) BATCH));
    int chunks;
    try (JdbcSource source = JdbcSource.open(source(readers), new PostgresDialect())) {
      chunks = source.plan(TableName.parse(pg.schema() + ".orders"), BATCH).size();
    }
    if (readers == 1) {
      assertThat(chunks).isEqualTo(1); // one reader: today's one COPY of the whole table
      assertThat(manifest.parts()).hasSize(ROWS / BATCH);
    } else {
      assertThat(chunks).isGreaterThan(10);
      assertThat(manifest.parts()).hasSizeGreaterThanOrEqualTo(chunks);
    }
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void plan_analysedTable_contiguousBlockRangesTheSameEachTime() {
    TableName orders = TableName.parse(pg.schema() + ".orders");
    try (JdbcSource source = JdbcSource.open(source(2), new PostgresDialect())) {
      List<Chunk> plan = source.plan(orders, BATCH);

      assertThat(source.plan(orders, BATCH)).isEqualTo(plan);
      assertThat(plan.get(0).range()).startsWith("blocks=0..");
      assertThat(plan.get(plan.size() - 1).range()).endsWith("..");
      for (int i = 1; i < plan.size(); i++) {
        String previous = plan.get(i - 1).range();
        assertThat(plan.get(i).range()).startsWith("blocks=" + previous.substring(previous.indexOf("..") + 2) + "..");
      }
      assertThat(source.plan(TableName.parse(pg.schema() + ".fresh"), BATCH)).extracting(Chunk::range).containsExactly("all");
      assertThat(source.plan(TableName.parse(pg.schema() + ".orders_view"), BATCH)).extracting(Chunk::range)
          .containsExactly("all");
    }
    try (JdbcSource one = JdbcSource.open(source(1), new PostgresDialect())) {
      assertThat(one.readers()).isEqualTo(1);
      assertThat(one.plan(orders, BATCH)).extracting(Chunk::range).containsExactly("all");
    }
  }

  @Test
  void run_otherSessionChangesRowsMidRun_lakeHoldsTheSnapshotExactlyOnce() throws Exception {
    pg.execute("CREATE TABLE " + pg.schema() + ".moving AS SELECT * FROM " + pg.schema() + ".orders");
    pg.execute("VACUUM ANALYZE " + pg.schema() + ".moving");
    List<String> before = fingerprint("moving");
    String t = pg.schema() + ".moving";
    // When the first batch file is made, the first chunks are being read and the later ones are not
    // started: move rows of the first blocks to the end (new row versions), delete rows of the last
    // blocks and append new ones. Chunks read in their own snapshots would see rows twice or miss them.
    IntConsumer change = n -> {
      if (n == 1) {
        pg.execute("UPDATE " + t + " SET qty = qty + 1000 WHERE id <= 500; DELETE FROM " + t + " WHERE id > "
            + (ROWS - 500) + "; INSERT INTO " + t + " SELECT i, 'new', 0 FROM generate_series(" + (ROWS + 1) + ", "
            + (ROWS + 500) + ") i");
      }
    };
    new BatchIngest(new HookedSink(lake, change)).run(options("moving", 2));

    assertThat(fingerprint("moving")).as("the other session's changes").isNotEqualTo(before);
    List<List<String>> rows = rows(manifest("moving"));
    assertThat(fingerprint(rows)).isEqualTo(before);
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void run_timeBudgetStopsAndResumes_writesTheBytesOfOneUninterruptedRun() throws Exception {
    // Every reading of the clock is one second later, so an 8-second budget stops a run after a few parts.
    Clock ticking = new SteppingClock(TRIGGER.plusSeconds(1), Duration.ofSeconds(1));
    IngestOptions budgeted = options("orders").set(INGEST_TIME_BUDGET, Duration.ofSeconds(8)).build()
        .withSource(source(2)).withClock(ticking);
    int runs = 0;
    IngestResult last;
    do {
      last = new BatchIngest(lake).run(budgeted);
      assertThat(stagingFiles()).as("staging after run %s", runs).isEmpty();
      assertThat(++runs).as("runs needed").isLessThan(30);
    } while (!last.complete());
    assertThat(runs).isGreaterThan(2);
    List<String> resumed = manifest("orders").parts().stream().map(p -> p.key() + " " + p.crc32c()).toList();

    new BatchIngest(lake).run(options("orders", 2));

    assertThat(manifest("orders").parts()).extracting(p -> p.key() + " " + p.crc32c()).containsExactlyElementsOf(resumed);
    assertThat(fingerprint(rows(manifest("orders")))).isEqualTo(fingerprint("orders"));
  }

  @Test
  void run_readerConnectionDies_failsNamingTheTableAndLeavesNoStagingFile() {
    // The third batch file: terminate every backend exporting this schema's table, whichever reader it serves.
    IntConsumer kill = n -> {
      if (n == 3) {
        pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            + " AND query LIKE 'COPY (SELECT * FROM \"" + pg.schema() + "\".\"orders\"%'");
      }
    };

    assertThatThrownBy(() -> new BatchIngest(new HookedSink(lake, kill)).run(options("orders", 2)))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(pg.schema() + ".orders");
    assertThat(stagingFiles()).isEmpty();
    assertThat(lake.stat(FOLDER + "/_manifest.json")).isEmpty();
    // The snapshot's connection was released with the run: a new run succeeds.
    new BatchIngest(lake).run(options("orders", 2));
    assertThat(manifest("orders").rows()).isEqualTo(ROWS);
  }

  @Test
  void fork_ofAClosedSource_failsSayingItIsClosed() {
    JdbcSource source = JdbcSource.open(source(2), new PostgresDialect());
    source.close();

    assertThatThrownBy(source::fork).isInstanceOf(InsightflowException.class).hasMessageContaining("closed");
  }

  @Test
  void fork_withOneReader_isUnsupported() {
    try (JdbcSource source = JdbcSource.open(source(1), new PostgresDialect())) {
      assertThatThrownBy(source::fork).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void fork_readsInTheSnapshotOfTheFirstForkUntilTheLastIsClosed() throws Exception {
    String t = pg.schema() + ".counted";
    pg.execute("CREATE TABLE " + t + " AS SELECT generate_series(1, 10) AS id");
    try (JdbcSource source = JdbcSource.open(source(2), new PostgresDialect())) {
      var first = source.fork();
      pg.execute("INSERT INTO " + t + " VALUES (11)");
      var second = source.fork();
      assertThat(readAll(second, t)).isEqualTo(10);
      first.close();
      assertThat(readAll(second, t)).as("still the snapshot while a fork is open").isEqualTo(10);
      second.close();
      var third = source.fork();
      assertThat(readAll(third, t)).as("a new snapshot once every fork was closed").isEqualTo(11);
      third.close();
      third.close();
    }
  }

  /** Rows of the table read through one chunk {@code all} of the source. */
  private long readAll(io.insightflow.spi.Source source, String table) {
    long rows = 0;
    Chunk all = new Chunk(TableName.parse(table), 0, 100, "all", true);
    try (var reader = source.open(all, io.insightflow.spi.Position.START, this::tempFile)) {
      var batch = reader.nextBatch();
      while (batch.isPresent()) {
        rows += batch.get().rows();
        batch.get().data().discard();
        batch = reader.nextBatch();
      }
    }
    return rows;
  }

  private Path tempFile() {
    try {
      return File.createTempFile("fork", ".csv", lakeDir.toFile()).toPath();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The lake as sink, with a hook run before each staging file is made (numbered from 1, on reader threads). */
  static final class HookedSink implements Sink<LakeSink.Run> {
    private final LakeSink lake;
    private final IntConsumer hook;
    private final AtomicInteger files = new AtomicInteger();

    HookedSink(ObjectStore store, IntConsumer hook) {
      this.lake = new LakeSink(store, PartitionTemplate.batch(), false);
      this.hook = hook;
    }

    @Override
    public SinkWriter<LakeSink.Run> open(WriteContext context) {
      return lake.open(context);
    }

    @Override
    public Committer<LakeSink.Run> committer() {
      return lake.committer();
    }

    @Override
    public Staging staging() {
      Staging staging = lake.staging();
      return () -> {
        hook.accept(files.incrementAndGet());
        return staging.newFile();
      };
    }

    @Override
    public String describe() {
      return lake.describe();
    }

    @Override
    public void close() {
      lake.close();
    }
  }
}
