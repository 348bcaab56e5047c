package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import io.insightflow.config.OptionsBuilder;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.SteppingClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write mode replace against the real PostgreSQL and a local lake: the table holds the newest
 * complete run, whatever order, threads and concurrent syncs load the runs in; readers never see
 * an empty or mixed table; the ledger records every object once. [#21]
 */
class ReplaceSyncIT extends LakeSyncFixture {

  /** Run {@code r}: its rows, by id range, so that every run has its own content and fingerprint. */
  private static final int ROWS_PER_PART = 40;

  private OptionsBuilder<SyncOptions> replace() {
    return SyncOptions.builder().set(SYNC_MODE, "full").setAll(Map.of(SYNC_WRITE_MODE.nameFor("orders"), "replace"))
        .set(SYNC_THREADS, 2);
  }

  /** Writes run {@code r} of orders at T1 + r hours, {@code parts} parts, ids from r * 1000. */
  private List<String> run(int r, int parts) {
    String[] contents = new String[parts];
    for (int p = 0; p < parts; p++) {
      contents[p] = TestLake.idNameRows(r * 1000L + p * ROWS_PER_PART, ROWS_PER_PART);
    }
    return lake.run("orders", T1.plus(Duration.ofHours(r)), TestLake.idName(), contents);
  }

  /** The fingerprint of run {@code r} of {@code parts} parts as the reader's query computes it. */
  private String expected(int r, int parts) {
    StringBuilder rows = new StringBuilder();
    long first = r * 1000L;
    int n = parts * ROWS_PER_PART;
    for (long id = first; id < first + n; id++) {
      rows.append(rows.length() == 0 ? "" : ";").append(id).append(",name-").append(id);
    }
    return n + ":" + md5(rows.toString());
  }

  private static String md5(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return String.format("%032x", new java.math.BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private String fingerprintSql() {
    return "select count(*) || ':' || coalesce(md5(string_agg(id || ',' || name, ';' order by id)), '') from "
        + t("orders");
  }

  private String fingerprint() {
    return pg.text(fingerprintSql());
  }

  /** Ledger state → number of objects, for the table. */
  private Map<String, Long> ledger() {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = pg.connection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select state, count(*) from " + t(SyncCatalog.LOADED)
            + " where table_name = 'orders' group by state")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  @Test
  void sync_newerRuns_eachReplacesTheTableAndReloadChangesNothing() {
    run(1, 2);
    SyncResult first = sync.sync(store, replace().build());
    assertThat(fingerprint()).isEqualTo(expected(1, 2));
    assertThat(first.objectsLoaded()).isEqualTo(2);

    run(2, 3);
    SyncResult second = sync.sync(store, replace().build());

    assertThat(second.objectsLoaded()).isEqualTo(3);
    assertThat(fingerprint()).isEqualTo(expected(2, 3));
    assertThat(ledger()).containsEntry("loaded", 3L).containsEntry("superseded", 2L);
    SyncResult again = sync.sync(store, replace().build());
    assertThat(again.objectsLoaded()).isZero();
    SyncResult reloaded = sync.sync(store, replace().set(SYNC_RELOAD, true).build());
    assertThat(reloaded.successful()).isTrue();
    assertThat(fingerprint()).isEqualTo(expected(2, 3));
    assertThat(ledger()).containsEntry("loaded", 3L).containsEntry("superseded", 2L).hasSize(2);
    assertThat(sync.status(store, replace().build())).singleElement().satisfies(s -> {
      assertThat(s.writeMode()).isEqualTo(WriteMode.REPLACE);
      assertThat(s.rowsLoaded()).isEqualTo(3 * ROWS_PER_PART);
      assertThat(s.objectsPending()).isZero();
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void sync_olderRunsAfterANewerOne_areSupersededNeverLoaded(int threads) {
    run(3, 2);
    sync.sync(store, replace().set(SYNC_THREADS, threads).build());
    run(1, 3);
    run(2, 1);

    SyncResult late = sync.sync(store, replace().set(SYNC_THREADS, threads).build());

    assertThat(late.successful()).isTrue();
    assertThat(late.objectsLoaded()).isZero();
    assertThat(late.tables()).singleElement().extracting(SyncResult.TableResult::objectsSkipped).isEqualTo(6L);
    assertThat(fingerprint()).isEqualTo(expected(3, 2));
    assertThat(ledger()).containsEntry("loaded", 2L).containsEntry("superseded", 4L);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void sync_severalRunsInOneSync_loadsOnlyTheNewest(int threads) {
    run(1, 2);
    run(2, 3);
    run(3, 2);

    SyncResult result = sync.sync(store, replace().set(SYNC_THREADS, threads).build());

    assertThat(result.objectsLoaded()).isEqualTo(2);
    assertThat(fingerprint()).isEqualTo(expected(3, 2));
    assertThat(ledger()).containsEntry("loaded", 2L).containsEntry("superseded", 5L);
  }

  /**
   * Runs appear in a random (seeded) order between syncs, two syncs of 1–3 threads run at once each
   * round, and the table always ends holding the newest run written so far.
   */
  @Test
  void sync_randomOrderAndTwoConcurrentSyncs_tableHoldsTheNewestRun() throws Exception {
    long seed = 2112;
    Random random = new Random(seed);
    List<Integer> order = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));
    Collections.shuffle(order, random);
    Map<Integer, Integer> parts = new HashMap<>();
    int newest = 0;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int r : order) {
        parts.put(r, 1 + random.nextInt(3));
        run(r, parts.get(r));
        newest = Math.max(newest, r);
        List<Future<SyncResult>> syncs = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          int threads = 1 + random.nextInt(3);
          syncs.add(pool.submit(() -> sync.sync(store, replace().set(SYNC_THREADS, threads).build())));
        }
        for (Future<SyncResult> f : syncs) {
          assertThat(f.get().successful()).as("seed %d", seed).isTrue();
        }
        sync.sync(store, replace().build()); // what a busy worker left
        assertThat(fingerprint()).as("seed %d after run %d (order %s)", seed, r, order)
            .isEqualTo(expected(newest, parts.get(newest)));
      }
    } finally {
      pool.shutdownNow();
    }
    long objects = parts.values().stream().mapToLong(Integer::longValue).sum();
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isEqualTo(objects);
    assertThat(ledger()).containsEntry("loaded", (long) parts.get(6));
  }

  /**
   * A reader on its own connection loops over the table while runs replace it: every answer is one
   * whole run, never empty, never a mix.
   */
  @Test
  void replace_concurrentReader_seesOneWholeRunEveryTime() throws Exception {
    int parts = 3;
    run(1, parts);
    sync.sync(store, replace().build());
    Set<String> runs = new LinkedHashSet<>();
    for (int r = 1; r <= 6; r++) {
      runs.add(expected(r, parts));
    }
    AtomicBoolean done = new AtomicBoolean();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection reader = pg.connection()) {
      Future<?> reading = pool.submit(() -> {
        try (Statement st = reader.createStatement()) {
          while (!done.get() || seen.isEmpty()) {
            try (ResultSet rs = st.executeQuery(fingerprintSql())) {
              rs.next();
              seen.add(rs.getString(1));
            }
          }
        }
        return null;
      });
      for (int r = 2; r <= 6; r++) {
        run(r, parts);
        assertThat(sync.sync(store, replace().set(SYNC_THREADS, 1 + r % 3).build()).objectsLoaded()).isEqualTo(parts);
      }
      done.set(true);
      reading.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(runs).contains(s));
    assertThat(fingerprint()).isEqualTo(expected(6, parts));
  }

  /**
   * A repeatable-read transaction whose snapshot predates a replace still sees the old run when it
   * first reads the table after the replace committed: what TRUNCATE or a rename swap would show
   * empty.
   */
  @Test
  void replace_olderSnapshot_stillSeesTheOldRunNotAnEmptyTable() throws Exception {
    run(1, 2);
    sync.sync(store, replace().build());
    try (Connection reader = pg.connection(); Statement st = reader.createStatement()) {
      reader.setAutoCommit(false);
      reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      st.execute("select 1"); // takes the snapshot
      run(2, 2);
      assertThat(sync.sync(store, replace().build()).objectsLoaded()).isEqualTo(2);

      try (ResultSet rs = st.executeQuery(fingerprintSql())) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(expected(1, 2));
      }
      reader.rollback();
    }
    assertThat(fingerprint()).isEqualTo(expected(2, 2));
  }

  @Test
  void replace_grantsIndexesAndCommentsOnTheTable_survive() {
    run(1, 1);
    sync.sync(store, replace().build());
    pg.execute("create index orders_name on " + t("orders") + " (name)");
    pg.execute("comment on table " + t("orders") + " is 'the latest orders snapshot'");
    pg.execute("grant select on " + t("orders") + " to public");
    pg.execute("create view " + t("orders_view") + " as select id from " + t("orders"));

    run(2, 2);
    sync.sync(store, replace().build());

    assertThat(fingerprint()).isEqualTo(expected(2, 2));
    assertThat(pg.scalar("select count(*) from pg_indexes where schemaname = '" + pg.schema()
        + "' and indexname = 'orders_name'")).isEqualTo(1);
    assertThat(pg.text("select obj_description('" + t("orders") + "'::regclass)")).isEqualTo("the latest orders snapshot");
    assertThat(pg.text("select has_table_privilege('public', '" + t("orders") + "', 'select')::text")).isEqualTo("true");
    assertThat(pg.scalar("select count(*) from " + t("orders_view"))).isEqualTo(2 * ROWS_PER_PART);
  }

  @Test
  void replace_badRowInOnePart_failsTheRunAndKeepsTheOldOne() {
    run(1, 1);
    sync.sync(store, replace().build());
    List<String> keys = lake.run("orders", T1.plus(Duration.ofHours(2)), TestLake.idName(),
        TestLake.idNameRows(2000, 5), "id,name\n2005,ok\nnot-a-number,bad\n");

    SyncResult result = sync.sync(store, replace().build());

    assertThat(result.successful()).isFalse();
    assertThat(result.failures()).hasSize(2);
    assertThat(result.failures()).filteredOn(f -> f.key().equals(keys.get(1))).singleElement()
        .satisfies(f -> assertThat(f.line()).isEqualTo(3));
    assertThat(result.failures()).filteredOn(f -> f.key().equals(keys.get(0))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains(keys.get(1)).contains("whole or not at all"));
    assertThat(fingerprint()).isEqualTo(expected(1, 1));
    assertThat(ledger()).containsOnly(Map.entry("loaded", 1L));
  }

  @Test
  void replace_rejectMode_loadsTheGoodRowsOfTheRunAndCountsTheRejected() {
    run(1, 1);
    sync.sync(store, replace().build());
    lake.run("orders", T1.plus(Duration.ofHours(2)), TestLake.idName(),
        TestLake.idNameRows(2000, 5), "id,name\n2005,ok\nnot-a-number,bad\n");

    SyncResult result = sync.sync(store, replace().set(SYNC_ON_ERROR, "reject").build());

    assertThat(result.successful()).isTrue();
    assertThat(result.rowsLoaded()).isEqualTo(6);
    assertThat(result.rowsRejected()).isEqualTo(1);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(6);
    assertThat(pg.scalar("select min(id) from " + t("orders"))).isEqualTo(2000);
  }

  @Test
  void replace_deadlineDuringTheRun_rollsBackAndLeavesTheRunForTheNextSync() {
    run(1, 1);
    sync.sync(store, replace().build());
    List<String> keys = run(2, 3);
    LakeSync limited = new LakeSync(pg.targetOptions(), new SteppingClock(Instant.EPOCH, Duration.ofSeconds(100)));

    SyncResult stopped = limited.sync(store, replace().set(SYNC_THREADS, 1).set(SYNC_TIME_BUDGET, Duration.ofSeconds(250)).build());

    assertThat(stopped.objectsLoaded()).isZero();
    assertThat(stopped.remaining()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(stopped.successful()).isTrue();
    assertThat(fingerprint()).isEqualTo(expected(1, 1));
    SyncResult next = sync.sync(store, replace().build());
    assertThat(next.objectsLoaded()).isEqualTo(3);
    assertThat(fingerprint()).isEqualTo(expected(2, 3));
  }

  @Test
  void plan_replaceTable_showsTheRunAndTheStatementsOfItsTransaction() {
    run(1, 1);
    sync.sync(store, replace().build());
    run(2, 2);
    run(0, 1);

    List<String> plan = sync.plan(store, replace().build()).describe();

    assertThat(plan).anySatisfy(l -> assertThat(l).startsWith("table orders: write mode replace, run data/batch/orders/")
        .contains("replaces run data/batch/orders/").contains("(1 objects of older runs recorded as superseded"));
    assertThat(plan).contains("  sql  DELETE FROM " + t("orders"));
    assertThat(plan).filteredOn(l -> l.startsWith("object ")).hasSize(2);
    assertThat(fingerprint()).as("a dry run").isEqualTo(expected(1, 1));
  }
}
