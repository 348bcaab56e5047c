package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.connect.postgres.PostgresTarget;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync against the real PostgreSQL, from a local lake written the way ingest writes it. */
class SyncIT {

  static final String PG_URL = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_USER", "postgres");
  static final Instant T1 = Instant.parse("2024-05-07T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-07T10:30:00Z");
  static final Instant T3 = Instant.parse("2024-05-08T10:30:00Z");
  static final List<RunManifest.Column> COLUMNS = List.of(
      new RunManifest.Column("id", "integer", "INTEGER", false),
      new RunManifest.Column("name", "text", "VARCHAR", true));

  @TempDir Path dir;
  ObjectStore lake;
  String schema;
  Connection pg;

  @BeforeEach
  void setUp() throws Exception {
    lake = new LocalObjectStore(dir);
    schema = "it_sync_" + UUID.randomUUID().toString().substring(0, 8);
    pg = DriverManager.getConnection(PG_URL, PG_USER, "");
  }

  @AfterEach
  void tearDown() throws Exception {
    try (Statement st = pg.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    pg.close();
  }

  SyncOptions.Builder options() {
    return SyncOptions.builder().target(PostgresTarget.of(PG_URL, PG_USER, null)).schema(schema).threads(2);
  }

  /** Writes a run of {@code table} at {@code time}: one part per CSV body, then (optionally) the manifest. */
  void writeRun(String table, Instant time, boolean complete, List<RunManifest.Column> columns, String... bodies) {
    String folder = PartitionTemplate.batch().render(table, time);
    String header = String.join(",", columns.stream().map(RunManifest.Column::name).toList()) + "\n";
    List<RunManifest.Part> parts = new ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      byte[] bytes = (header + bodies[i]).getBytes(StandardCharsets.UTF_8);
      String key = folder + "/" + table + "_part0000" + (i + 1) + ".csv";
      lake.put(key, bytes);
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      long rows = bodies[i].isEmpty() ? 0 : bodies[i].split("\n").length;
      parts.add(new RunManifest.Part(key, rows, bytes.length, String.format("%08x", crc.getValue())));
    }
    if (complete) {
      RunManifest m = new RunManifest(1, UUID.randomUUID().toString(), table, time, "csv", "test", "q", columns,
          parts, parts.stream().mapToLong(RunManifest.Part::rows).sum(), Instant.now());
      lake.put(RunManifest.keyIn(folder), m.toJson());
    }
  }

  void writeRun(String table, Instant time, String... bodies) {
    writeRun(table, time, true, COLUMNS, bodies);
  }

  static String rows(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append(i).append(",name ").append(i).append('\n');
    }
    return sb.toString();
  }

  long query(String sql) throws Exception {
    try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void sync_incrementalTwice_loadsEveryRowOnceAndNothingOnRerun() throws Exception {
    writeRun("items", T1, rows(1, 100), rows(101, 150));
    writeRun("items", T2, rows(151, 160));

    SyncResult first = new LakeSync(lake).sync(options().build());
    SyncResult second = new LakeSync(lake).sync(options().build());

    assertThat(first.success()).isTrue();
    assertThat(first.objects()).isEqualTo(3);
    assertThat(first.rows()).isEqualTo(160);
    assertThat(second.objects()).isZero();
    assertThat(second.skipped()).isEqualTo(3);
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(160);
    assertThat(query("SELECT count(DISTINCT id) FROM " + schema + ".items")).isEqualTo(160);
    assertThat(query("SELECT sum(id) FROM " + schema + ".items")).isEqualTo(160L * 161 / 2);
  }

  @Test
  void sync_incompleteRun_isIgnoredUntilItsManifestAppears() throws Exception {
    writeRun("items", T1, rows(1, 10));
    writeRun("items", T2, false, COLUMNS, rows(11, 20));

    assertThat(new LakeSync(lake).sync(options().build()).rows()).isEqualTo(10);
    writeRun("items", T2, true, COLUMNS, rows(11, 20));
    assertThat(new LakeSync(lake).sync(options().build()).rows()).isEqualTo(10);
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(20);
  }

  @Test
  void sync_objectRewrittenWithNewContent_replacesItsRows() throws Exception {
    writeRun("items", T1, rows(1, 10), rows(11, 20));
    new LakeSync(lake).sync(options().build());

    writeRun("items", T1, rows(1, 10), rows(11, 15)); // part 2 rewritten shorter
    SyncResult result = new LakeSync(lake).sync(options().mode(SyncMode.FULL).build());

    assertThat(result.objects()).isEqualTo(1);
    assertThat(result.skipped()).isEqualTo(1);
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(15);
    assertThat(query("SELECT count(DISTINCT id) FROM " + schema + ".items")).isEqualTo(15);
  }

  @Test
  void sync_window_loadsOnlyHalfOpenRange() throws Exception {
    writeRun("items", T1, rows(1, 10));
    writeRun("items", T2, rows(11, 20));
    writeRun("items", T3, rows(21, 30));

    SyncResult result = new LakeSync(lake).sync(options().mode(SyncMode.WINDOW).start(T1).end(T3).build());

    assertThat(result.rows()).isEqualTo(20);
    assertThat(query("SELECT max(id) FROM " + schema + ".items")).isEqualTo(20);
  }

  @Test
  void sync_newColumnInLaterData_isAdded() throws Exception {
    writeRun("items", T1, rows(1, 5));
    List<RunManifest.Column> wider = new ArrayList<>(COLUMNS);
    wider.add(new RunManifest.Column("price", "numeric(10,2)", "DECIMAL", true));
    writeRun("items", T2, true, wider, "6,six,1.50\n7,seven,\n");

    new LakeSync(lake).sync(options().build());

    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(7);
    assertThat(query("SELECT count(price) FROM " + schema + ".items")).isEqualTo(1);
  }

  @Test
  void sync_badRows_failTheirObjectWithKeyLineAndColumnWhileOthersLoad() throws Exception {
    writeRun("items", T1, rows(1, 10));
    writeRun("items", T2, rows(11, 12) + "abc,oops\n" + rows(14, 15));        // non-numeric int
    writeRun("items", T3, rows(21, 22) + "23\n");                             // missing column
    writeRun("other", T1, "1,\"unterminated\n");                              // unterminated quote
    writeRunBytes("bin", T1, "id,name\n1,ok\n2,fine\n".getBytes(StandardCharsets.UTF_8),
        new byte[] {'3', ',', (byte) 0xff, (byte) 0xfe, '\n'});                  // invalid UTF-8

    SyncResult result = new LakeSync(lake).sync(options().build());

    assertThat(result.success()).isFalse();
    assertThat(result.rows()).isEqualTo(10); // only the clean object: a failing object commits nothing
    assertThat(result.failures()).extracting(SyncFailure::message).anySatisfy(m -> assertThat(m)
        .contains("data/batch/items/year=2024/month=05/day=07/hhmm=1030/items_part00001.csv")
        .contains("line 4, column id").contains("abc"));
    assertThat(result.failures()).extracting(SyncFailure::message).anySatisfy(m -> assertThat(m)
        .contains("hhmm=1030/items_part00001.csv").contains("day=08").contains("line 4"));
    assertThat(result.failures()).extracting(SyncFailure::message).anySatisfy(m -> assertThat(m)
        .contains("other_part00001.csv").containsIgnoringCase("quote"));
    assertThat(result.failures()).extracting(SyncFailure::message).anySatisfy(m -> assertThat(m)
        .contains("bin_part00001.csv").contains("UTF8"));
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(10);
  }

  void writeRunBytes(String table, Instant time, byte[] head, byte[] tail) {
    byte[] bytes = new byte[head.length + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    System.arraycopy(tail, 0, bytes, head.length, tail.length);
    String folder = PartitionTemplate.batch().render(table, time);
    String key = folder + "/" + table + "_part00001.csv";
    lake.put(key, bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    RunManifest m = new RunManifest(1, "r", table, time, "csv", "test", "q", COLUMNS,
        List.of(new RunManifest.Part(key, 3, bytes.length, String.format("%08x", crc.getValue()))), 3, Instant.now());
    lake.put(RunManifest.keyIn(folder), m.toJson());
  }

  @Test
  void sync_hostileTableAndColumnNames_neverExecute() throws Exception {
    try (Statement st = pg.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
      st.execute("CREATE TABLE " + schema + ".victim (x int)");
    }
    String hostile = "x\"; DROP TABLE " + schema + ".victim; --";
    String folder = PartitionTemplate.batch().render("evil", T1);
    byte[] bytes = "id\n1\n".getBytes(StandardCharsets.UTF_8);
    lake.put(folder + "/evil_part00001.csv", bytes);
    lake.put(RunManifest.keyIn(folder), new RunManifest(1, "r", hostile, T1, "csv", "t", "q",
        List.of(new RunManifest.Column("id", "integer", "INT", true)),
        List.of(new RunManifest.Part(folder + "/evil_part00001.csv", 1, bytes.length, "0")), 1, T1).toJson());
    writeRun("items", T1, true, List.of(new RunManifest.Column("id\"); DROP TABLE victim; --", "integer", "INT", true)),
        "1\n");

    SyncResult result = new LakeSync(lake).sync(options().build());

    assertThat(result.failures()).hasSize(2);
    assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
        + "' AND table_name = 'victim'")).isEqualTo(1);
  }

  @Test
  void sync_deadlinePassed_stopsBetweenObjectsAndNextCallContinues() throws Exception {
    writeRun("items", T1, rows(1, 10), rows(11, 20), rows(21, 30));

    SyncResult stopped = new LakeSync(lake).sync(options().deadline(Instant.now().minusSeconds(1)).build());
    assertThat(stopped.objects()).isZero();
    assertThat(stopped.remaining()).isEqualTo(3);

    SyncResult next = new LakeSync(lake).sync(options().budget(Duration.ofMinutes(1)).build());
    assertThat(next.objects()).isEqualTo(3);
    assertThat(next.remaining()).isZero();
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(30);
  }

  @Test
  void sync_concurrentWorkers_loadEveryObjectExactlyOnce() throws Exception {
    for (int run = 0; run < 8; run++) {
      writeRun("items", T1.plus(Duration.ofMinutes(run)), rows(run * 1000 + 1, run * 1000 + 500),
          rows(run * 1000 + 501, run * 1000 + 1000));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<SyncResult>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(pool.submit(() -> new LakeSync(lake).sync(options().threads(2).build())));
    }
    long loaded = 0;
    for (Future<SyncResult> f : results) {
      loaded += f.get().objects();
    }
    pool.shutdown();

    assertThat(loaded).isEqualTo(16);
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(8000);
    assertThat(query("SELECT count(DISTINCT id) FROM " + schema + ".items")).isEqualTo(8000);
  }

  @Test
  void sync_backendKilledMidCopy_rerunLeavesExactCounts() throws Exception {
    writeRun("items", T1, rows(1, 300_000), rows(300_001, 600_000));
    java.util.concurrent.atomic.AtomicBoolean terminated = new java.util.concurrent.atomic.AtomicBoolean();
    Thread killer = new Thread(() -> {
      try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement st = c.createStatement()) {
        for (int i = 0; i < 2000; i++) {
          try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'insightflow-sync' AND query LIKE 'COPY%' AND datname = current_database()")) {
            if (rs.next()) {
              terminated.set(rs.getBoolean(1));
              return;
            }
          }
          Thread.sleep(2);
        }
      } catch (Exception ignored) {
        // The assertion below tells whether the kill happened and what it left.
      }
    });
    killer.start();
    SyncResult killed = new LakeSync(lake).sync(options().threads(1).build());
    killer.join();

    SyncResult rerun = new LakeSync(lake).sync(options().build());

    assertThat(terminated).isTrue();
    assertThat(killed.failures()).hasSize(1);
    assertThat(rerun.failures()).isEmpty();
    assertThat(killed.objects() + rerun.objects()).isEqualTo(2);
    assertThat(query("SELECT count(*) FROM " + schema + ".items")).isEqualTo(600_000);
    assertThat(query("SELECT sum(id) FROM " + schema + ".items")).isEqualTo(600_000L * 600_001 / 2);
  }

  @Test
  void status_afterPartialSync_reportsLoadedPendingAndRows() throws Exception {
    writeRun("items", T1, rows(1, 10));
    new LakeSync(lake).sync(options().build());
    writeRun("items", T2, rows(11, 30));

    List<TableStatus> status = new LakeSync(lake).status(options().build());

    assertThat(status).singleElement().satisfies(s -> {
      assertThat(s.table()).isEqualTo("items");
      assertThat(s.lakeObjects()).isEqualTo(2);
      assertThat(s.loaded()).isEqualTo(1);
      assertThat(s.pending()).isEqualTo(1);
      assertThat(s.rows()).isEqualTo(10);
      assertThat(s.lastLoadedPartition()).isEqualTo(T1);
    });
  }
}
