package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_SINK;
import static io.insightflow.config.InsightflowProperties.INGEST_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.Insightflow;
import io.insightflow.SteppingClock;
import io.insightflow.api.InsightflowException;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SourceConfig;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest straight into PostgreSQL (sink {@code postgresql}) into a merge table
 * ({@code insightflow.sync.writeMode.items=merge}, key {@code sku} from configuration, which the
 * source does not hold unique): every run is upserted in lake order (trigger time, batch, row), so
 * the table equals the same runs ingested into a lake and synced in merge mode, row for row and
 * with each row's object at the same place in lake order; an older run after a newer one never
 * overwrites it, and a rerun changes nothing. Through the facade, as the Maven goal and the Lambda
 * handler call it. [#21]
 */
class PostgresSinkMergeIT {

  static final Instant T1 = Instant.parse("2024-05-06T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-07T09:30:00Z");
  static final Instant T3 = Instant.parse("2024-05-08T09:30:00Z");
  /** Rows per batch: a run of 25 rows is 9 batches, more than PostgreSQL's plans are cached after. */
  static final int BATCH = 3;
  static final String CREATE = "CREATE TABLE items (id INTEGER PRIMARY KEY, sku INTEGER, v VARCHAR)";

  @TempDir Path dir;
  /** The target of the ingest straight in. */
  PostgresTestDatabase direct;
  /** The target of the lake sync. */
  PostgresTestDatabase synced;
  /** The runs the model has seen: trigger time → rows (id, sku, v) in id order. */
  final TreeMap<Instant, List<Object[]>> model = new TreeMap<>();
  /** Settings a test adds to both targets' (merge rules). */
  final Map<String, String> extra = new LinkedHashMap<>();

  @BeforeEach
  void setUp() throws SQLException {
    warehouse(CREATE);
    direct = PostgresTestDatabase.reserve();
    synced = PostgresTestDatabase.reserve();
  }

  @AfterEach
  void tearDown() {
    direct.close();
    synced.close();
  }

  String duckUrl() {
    return "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");
  }

  void warehouse(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(duckUrl()); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * Replaces the warehouse's rows with {@code rows} rows whose sku (0–11) repeats within and across
   * batches (seeded), and returns them in id order.
   */
  List<Object[]> source(long seed, int rows) throws SQLException {
    Random random = new Random(seed);
    List<Object[]> out = new ArrayList<>();
    for (int id = 1; id <= rows; id++) {
      out.add(new Object[] {id, random.nextInt(12), "s" + seed + "-" + id});
    }
    return source(out);
  }

  /**
   * Replaces the warehouse's table by one of {@code rows} (id, sku, v) and returns them: a new table,
   * so that batches (ranges of DuckDB's row ids) are {@link #BATCH} rows in id order.
   */
  List<Object[]> source(List<Object[]> rows) throws SQLException {
    warehouse("DROP TABLE items");
    warehouse(CREATE);
    try (Connection c = DriverManager.getConnection(duckUrl());
        PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
      for (Object[] row : rows) {
        for (int i = 0; i < 3; i++) {
          ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return rows;
  }

  /** Whether a key repeats within one batch of {@code rows}. */
  static boolean repeatsInABatch(List<Object[]> rows) {
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<Object[]> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
      if (batch.stream().map(r -> r[1]).distinct().count() < batch.size()) {
        return true;
      }
    }
    return false;
  }

  Map<String, String> settings(PostgresTestDatabase pg, String sink, Instant trigger) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("insightflow.source.url", duckUrl());
    settings.put("insightflow.tables", "items");
    settings.put("insightflow.ingest.sink", sink);
    settings.put("insightflow.ingest.batchSize", String.valueOf(BATCH));
    settings.put("insightflow.ingest.triggerTime", trigger.toString());
    settings.put("insightflow.lake", dir.resolve("lake").toString());
    settings.put("insightflow.target.url", pg.url());
    settings.put("insightflow.target.user", pg.user());
    settings.put("insightflow.target.schema", pg.schema());
    settings.put("insightflow.sync.mode", "full");
    settings.put("insightflow.sync.writeMode.items", "merge");
    settings.put("insightflow.sync.keys.items", "sku");
    settings.putAll(extra);
    return settings;
  }

  /** Ingests the warehouse as it is into PostgreSQL, and into the lake, which is then synced. */
  void run(Instant trigger, List<Object[]> rows) {
    Insightflow.fromProperties(settings(direct, "postgresql", trigger)).ingest();
    Insightflow lake = Insightflow.fromProperties(settings(synced, "lake", trigger));
    lake.ingest();
    lake.sync();
    model.put(trigger, rows);
  }

  /**
   * Count and MD5 of every row with where its object stands in lake order: partition time and
   * part (batch) number, which the ledger records for the row's provenance.
   */
  static String fingerprint(PostgresTestDatabase pg) {
    String s = "\"" + pg.schema() + "\".";
    return pg.text("SELECT count(*) || ':' || md5(string_agg(t.sku || ',' || t.v || ',' || l.partition_time || ','"
        + " || substring(l.object_key FROM '([0-9]+)(\\.csv)?$')::int, ';' ORDER BY t.sku)) FROM " + s + "items t"
        + " JOIN " + s + "_insightflow_loaded l ON l.object_id = t._insightflow_object");
  }

  /** The table's rows, {@code sku=v} by sku. */
  static String rows(PostgresTestDatabase pg) {
    return pg.text("SELECT string_agg(sku || '=' || v, ' ' ORDER BY sku) FROM \"" + pg.schema() + "\".items");
  }

  /** The model: the runs applied in lake order, trigger time then row (batches are rows in id order). */
  String expected() {
    TreeMap<Integer, String> table = new TreeMap<>();
    model.values().forEach(rows -> rows.forEach(row -> table.put((Integer) row[1], (String) row[2])));
    StringBuilder sb = new StringBuilder();
    table.forEach((sku, v) -> sb.append(sb.length() == 0 ? "" : " ").append(sku).append('=').append(v));
    return sb.toString();
  }

  String ledger(PostgresTestDatabase pg) {
    return pg.text("SELECT count(*) || ' batches, ' || sum(rows_loaded) || ' rows, ' || max(loaded_at) FROM \""
        + pg.schema() + "\"._insightflow_loaded WHERE table_name = 'items'");
  }

  @Test
  void ingest_runsWithUpdatesAndDuplicateKeys_equalLakeOrderAndTheLakeSync() throws SQLException {
    List<Object[]> first = source(1, 40); // 14 batches: more upserts than PostgreSQL plans afresh
    assertThat(repeatsInABatch(first)).as("a key repeats within a batch").isTrue();
    run(T1, first);
    assertThat(rows(direct)).isEqualTo(expected());
    assertThat(fingerprint(direct)).isEqualTo(fingerprint(synced));

    List<Object[]> second = source(2, 22); // keys updated or added again, several times within the run
    assertThat(repeatsInABatch(second)).as("a key repeats within a batch").isTrue();
    run(T2, second);
    assertThat(rows(direct)).isEqualTo(expected()).isEqualTo(rows(synced));
    assertThat(fingerprint(direct)).isEqualTo(fingerprint(synced));
    assertThat(direct.scalar("SELECT count(DISTINCT _insightflow_object) FROM \"" + direct.schema() + "\".items"))
        .as("rows come from several batches").isGreaterThan(3);
    assertThat(direct.scalar("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = '"
        + direct.schema() + "' AND table_name = 'items' AND constraint_type = 'PRIMARY KEY'")).isEqualTo(1);
  }

  @Test
  void ingest_olderRunAfterNewer_neverOverwritesAndRerunsChangeNothing() throws SQLException {
    run(T2, source(2, 20));
    run(T3, source(3, 8)); // the newest run, on a few keys
    String newest = rows(direct);

    List<Object[]> older = source(1, 30); // every key of both, and keys neither has
    run(T1, older);
    assertThat(rows(direct)).isEqualTo(expected()).isNotEqualTo(newest).isEqualTo(rows(synced));
    assertThat(fingerprint(direct)).isEqualTo(fingerprint(synced));
    assertThat(direct.scalar("SELECT count(*) FROM \"" + direct.schema() + "\".items i JOIN \"" + direct.schema()
        + "\"._insightflow_loaded l ON l.object_id = i._insightflow_object WHERE l.partition_time = '" + T1 + "'"))
        .as("the older run only adds keys no newer run has").isPositive();

    String ledger = ledger(direct);
    String fingerprint = fingerprint(direct);
    Insightflow.fromProperties(settings(direct, "postgresql", T1)).ingest(); // the same run again
    assertThat(ledger(direct)).isEqualTo(ledger);
    assertThat(fingerprint(direct)).isEqualTo(fingerprint);
  }

  @Test
  void ingest_runAgainWithOtherValues_replacesItsRowsAsTheLakeSyncOfTheRewrittenRun() throws SQLException {
    run(T1, source(1, 25));
    List<Object[]> second = source(2, 25);
    run(T3, source(3, 10));
    run(T2, second);

    List<Object[]> changed = second.stream().map(r -> new Object[] {r[0], r[1], r[2] + "-changed"}).toList();
    run(T2, source(changed)); // the same trigger time, the same keys in the same batches, other values
    assertThat(rows(direct)).isEqualTo(expected()).contains("-changed").isEqualTo(rows(synced));
    assertThat(fingerprint(direct)).isEqualTo(fingerprint(synced));
  }

  /**
   * With a delete marker, a run's delete removes its key by lake order, as the lake sync's does: an
   * older run ingested afterwards does not bring the key back, a newer one does.
   */
  @Test
  void ingest_deleteMarker_deletesInLakeOrderAsTheLakeSync() throws SQLException {
    extra.put("insightflow.sync.deleteMarker.items", "v=gone");
    run(T2, source(List.of(new Object[] {1, 3, "kept"}, new Object[] {2, 4, "x"}, new Object[] {3, 4, "gone"},
        new Object[] {4, 5, "gone"})));
    assertThat(rows(direct)).isEqualTo("3=kept").isEqualTo(rows(synced));
    run(T1, source(List.of(new Object[] {1, 4, "old"}, new Object[] {2, 5, "old"}, new Object[] {3, 6, "old"})));
    assertThat(rows(direct)).as("the older run's rows stay deleted").isEqualTo("3=kept 6=old")
        .isEqualTo(rows(synced));
    assertThat(direct.scalar("SELECT count(*) FROM \"" + direct.schema() + "\"._insightflow_deleted"))
        .as("a tombstone per deleted key").isEqualTo(2);
    run(T3, source(List.<Object[]>of(new Object[] {1, 5, "back"})));
    assertThat(rows(direct)).isEqualTo("3=kept 5=back 6=old").isEqualTo(rows(synced));
  }

  /**
   * A run again in fewer batches drops the batches it no longer has before it upserts, so the table
   * equals the run as it is now (a lake sync keeps the parts the rewritten manifest no longer lists).
   */
  @Test
  void ingest_runAgainInFewerBatches_equalsTheNewRun() throws SQLException {
    run(T1, source(1, 25));
    run(T2, source(2, 25));
    List<Object[]> everyKey = new ArrayList<>();
    for (int id = 1; id <= 12; id++) {
      everyKey.add(new Object[] {id, id - 1, "s4-" + id});
    }
    Insightflow.fromProperties(settings(direct, "postgresql", T2)).ingest(); // the run as it was, again
    source(everyKey);
    Insightflow.fromProperties(settings(direct, "postgresql", T2)).ingest();
    model.put(T2, everyKey);

    assertThat(rows(direct)).isEqualTo(expected());
    assertThat(direct.text("SELECT count(*) || ' batches, ' || sum(rows_loaded) || ' rows' FROM \"" + direct.schema()
        + "\"._insightflow_loaded WHERE partition_time = '" + T2 + "'")).isEqualTo(12 / BATCH + " batches, 12 rows");
  }

  /** A run the time budget stops resumes from its staged batches and commits whole, once. */
  @Test
  void ingest_stoppedByTheTimeBudget_resumesAndEqualsTheLakeSync() throws SQLException {
    run(T1, source(1, 25));
    String before = fingerprint(direct);
    List<Object[]> second = source(2, 30);
    // Every reading of the clock is one second later, so a 4-second budget stops a run after a few batches.
    Clock ticking = new SteppingClock(T2.plusSeconds(1), Duration.ofSeconds(1));
    IngestOptions options = IngestOptions.builder().set(TABLES, List.of("items")).set(INGEST_BATCH_SIZE, (long) BATCH)
        .set(INGEST_TRIGGER_TIME, T2.toString()).set(INGEST_TIME_BUDGET, Duration.ofSeconds(4)).build()
        .withSource(SourceConfig.of(duckUrl())).withClock(ticking);
    int runs = 0;
    IngestResult last;
    do {
      try (Sink<?> sink = Connectors.sink(INGEST_SINK.name(), "postgresql", settings(direct, "postgresql", T2))) {
        last = new BatchIngest(sink).run(options);
      }
      if (!last.complete()) {
        assertThat(fingerprint(direct)).as("nothing of a stopped run is visible").isEqualTo(before);
      }
      assertThat(++runs).as("runs needed").isLessThan(20);
    } while (!last.complete());
    assertThat(runs).isGreaterThan(1);

    Insightflow lake = Insightflow.fromProperties(settings(synced, "lake", T2));
    lake.ingest();
    lake.sync();
    model.put(T2, second);
    assertThat(rows(direct)).isEqualTo(expected());
    assertThat(fingerprint(direct)).isEqualTo(fingerprint(synced));
  }

  /**
   * A lake merge that altered the table waits for the table's merge turn holding its exclusive lock;
   * an ingest commit waiting for the same turn has taken the table first, so the ALTER waits for the
   * commit instead of the two deadlocking when the turn comes.
   */
  @Test
  void commit_waitingForTheTurnBesideAnAlter_takesTheTableFirst() throws Exception {
    run(T1, source(1, 10));
    List<Object[]> second = source(2, 10);
    String turn = "SELECT pg_advisory_xact_lock(hashtextextended('merge:" + direct.schema() + ".items', 0))";
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (Connection holder = direct.connection(); Connection alter = direct.connection()) {
      holder.setAutoCommit(false);
      holder.createStatement().execute(turn);
      Future<?> ingest = threads.submit(() -> Insightflow.fromProperties(settings(direct, "postgresql", T2)).ingest());
      long committer = blockedBy(pid(holder)); // the ingest's commit, waiting for the turn
      long alterer = pid(alter);
      alter.setAutoCommit(false);
      Future<?> altered = threads.submit(() -> {
        try (Statement st = alter.createStatement()) {
          st.execute("ALTER TABLE items ADD COLUMN extra integer");
          st.execute(turn); // as a lake merge that evolved the table
          alter.commit();
        }
        return null;
      });
      assertThat(blockedBy(committer)).as("the ALTER waits for the commit").isEqualTo(alterer);
      holder.commit();
      ingest.get();
      altered.get();
    } finally {
      threads.shutdownNow();
    }
    model.put(T2, second);
    assertThat(rows(direct)).isEqualTo(expected());
  }

  static long pid(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The backend that waits for a lock {@code blocker} holds, once one does (polled: an event, not a time). */
  long blockedBy(long blocker) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      String waiting = direct.text("SELECT min(pid)::text FROM pg_stat_activity WHERE " + blocker
          + " = ANY (pg_blocking_pids(pid))");
      if (waiting != null) {
        return Long.parseLong(waiting);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("nothing waits for backend " + blocker);
  }

  @Test
  void ingest_nullKey_failsNamingBatchLineAndColumnWithNothingCommitted() throws SQLException {
    run(T1, source(1, 10));
    String before = fingerprint(direct);
    source(2, 10);
    warehouse("UPDATE items SET sku = NULL WHERE id = 8");

    assertThatThrownBy(() -> Insightflow.fromProperties(settings(direct, "postgresql", T2)).ingest())
        .isInstanceOf(InsightflowException.class)
        .hasMessageContaining("ingest:items@" + T2 + "/part-00003").hasMessageContaining("sku");
    assertThat(fingerprint(direct)).isEqualTo(before);
  }

  @Test
  void ingest_noKey_failsNamingTheSettingBeforeReading() throws SQLException {
    warehouse("CREATE TABLE events (id INTEGER, kind VARCHAR)");
    Map<String, String> settings = settings(direct, "postgresql", T1);
    settings.put("insightflow.tables", "events");
    settings.put("insightflow.sync.writeMode.events", "merge");

    assertThatThrownBy(() -> Insightflow.fromProperties(settings).ingest())
        .isInstanceOf(InsightflowException.class)
        .hasMessageContaining("Cannot merge into table events: it has no key; set insightflow.sync.keys.events=");
  }

  @Test
  void ingest_sourcePrimaryKeyWithoutConfiguration_isTheKey() throws SQLException {
    source(1, 7);
    Map<String, String> settings = settings(direct, "postgresql", T1);
    settings.remove("insightflow.sync.keys.items");
    Insightflow.fromProperties(settings).ingest();
    warehouse("UPDATE items SET v = 'changed' WHERE id = 2");
    settings.put("insightflow.ingest.triggerTime", T2.toString());
    Insightflow.fromProperties(settings).ingest();

    assertThat(direct.text("SELECT string_agg(id || '=' || v, ' ' ORDER BY id) FROM \"" + direct.schema() + "\".items"))
        .isEqualTo("1=s1-1 2=changed 3=s1-3 4=s1-4 5=s1-5 6=s1-6 7=s1-7");
  }
}
