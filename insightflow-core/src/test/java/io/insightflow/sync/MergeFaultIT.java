package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.OptionsBuilder;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Merge ({@link WriteMode#MERGE}) when PostgreSQL cuts its connections or picks it as a deadlock
 * victim: the object is written again, never surfaced as a failure, and the table ends as lake
 * order says. [#21]
 */
class MergeFaultIT extends LakeSyncFixture {

  private String applicationName;

  @BeforeEach
  void ownApplicationName() {
    applicationName = "insightflow-merge-" + pg.schema();
    String url = pg.targetOptions().url();
    PostgresConnectionOptions target = pg.targetOptions();
    sync = new LakeSync(new PostgresConnectionOptions(url + (url.contains("?") ? "&" : "?") + "ApplicationName="
        + applicationName, target.user(), target.password(), target.sslMode(), target.schema()));
  }

  private OptionsBuilder<SyncOptions> merge() {
    return SyncOptions.builder().set(SYNC_MODE, "full").setAll(Map.of(SYNC_WRITE_MODE.nameFor("orders"), "merge",
        "insightflow.sync.keys.orders", "id"));
  }

  /** Hour 2: ids 1..n named "late"; hour 1: ids 1..n+10 named "early" (written after, loaded later). */
  private void lateThenEarly(int n) {
    lake.run("orders", T1.plus(Duration.ofHours(2)), TestLake.idName(), rows(1, n, "late"));
    lake.run("orders", T1.plus(Duration.ofHours(1)), TestLake.idName(), rows(1, n / 2, "early"),
        rows(n / 2 + 1, n + 10, "early"));
  }

  private static String rows(long from, long to, String name) {
    StringBuilder sb = new StringBuilder("id,name\n");
    for (long id = from; id <= to; id++) {
      sb.append(id).append(',').append(name).append('\n');
    }
    return sb.toString();
  }

  private void assertLakeOrder(int n) {
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(n + 10L);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where name = 'late'")).isEqualTo(n);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where name = 'early' and id > " + n))
        .isEqualTo(10);
  }

  @Test
  void merge_backendsTerminatedMidLoad_isRetriedAndEndsInLakeOrder() throws Exception {
    int n = 150_000;
    lateThenEarly(n);
    AtomicInteger kills = new AtomicInteger();

    CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(
        () -> sync.sync(store, merge().set(SYNC_THREADS, 2).build()));
    while (!running.isDone() && kills.get() < 3) {
      long killed = pg.scalar("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name"
          + " = '" + applicationName + "' and state = 'active' and (query like 'COPY%' or query like 'INSERT INTO%')");
      kills.addAndGet((int) killed);
      Thread.sleep(killed > 0 ? 200 : 5);
    }
    SyncResult result = running.get(3, TimeUnit.MINUTES);

    assertThat(kills.get()).as("loads terminated").isPositive();
    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(3);
    assertLakeOrder(n);
  }

  /**
   * As above with deletes: every tenth key of the later run is a delete, loaded with the earlier run's
   * inserts by two threads while backends are terminated mid-statement; the deletes still win and
   * leave one tombstone each.
   */
  @Test
  void merge_withDeletes_backendsTerminatedMidLoad_isRetriedAndDeletesWin() throws Exception {
    int n = 100_000;
    var columns = TestLake.columns("id bigint", "name text", "op text");
    StringBuilder late = new StringBuilder("id,name,op\n");
    StringBuilder early = new StringBuilder("id,name,op\n");
    for (long id = 1; id <= n + 10; id++) {
      if (id <= n) {
        late.append(id).append(",late,").append(id % 10 == 0 ? "D" : "U").append('\n');
      }
      early.append(id).append(",early,I\n");
    }
    lake.run("orders", T1.plus(Duration.ofHours(2)), columns, late.toString());
    lake.run("orders", T1.plus(Duration.ofHours(1)), columns, early.toString());
    AtomicInteger kills = new AtomicInteger();
    OptionsBuilder<SyncOptions> options = merge().setAll(Map.of("insightflow.sync.deleteMarker.orders", "op=D"))
        .set(SYNC_THREADS, 2);

    CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(() -> sync.sync(store, options.build()));
    while (!running.isDone() && kills.get() < 3) {
      long killed = pg.scalar("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name"
          + " = '" + applicationName + "' and state = 'active' and (query like 'COPY%' or query like 'INSERT INTO%'"
          + " or query like 'DELETE FROM%' or query like 'CREATE TEMP TABLE%')");
      kills.addAndGet((int) killed);
      Thread.sleep(killed > 0 ? 200 : 5);
    }
    SyncResult result = running.get(3, TimeUnit.MINUTES);

    assertThat(kills.get()).as("loads terminated").isPositive();
    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(2);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(n - n / 10 + 10L);
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where name = 'late'")).isEqualTo(n - n / 10);
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.DELETED))).isEqualTo(n / 10);
  }

  /**
   * Another transaction takes the table's merge lock, the sync's worker waits for it, and then that
   * transaction waits for the object the worker holds: PostgreSQL breaks the deadlock by rolling
   * the worker (which waited first) back, and the worker loads the object again.
   */
  @Test
  void merge_deadlockVictim_isRetriedNotFailed() throws Exception {
    lake.run("orders", T1, TestLake.idName(), rows(1, 20, "only"));
    sync.sync(store, merge().build());
    String next = lake.run("orders", T1.plus(Duration.ofHours(1)), TestLake.idName(), rows(11, 30, "next")).get(0);

    try (Connection other = pg.connection()) {
      other.setAutoCommit(false);
      try (Statement st = other.createStatement()) {
        st.execute("select pg_advisory_xact_lock(hashtextextended('merge:" + pg.schema() + ".orders', 0))");
        CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(() -> sync.sync(store, merge().build()));
        while (pg.scalar("select count(*) from pg_locks l join pg_stat_activity a using (pid) where not l.granted"
            + " and l.locktype = 'advisory' and a.application_name = '" + applicationName + "'") == 0) {
          assertThat(running).isNotDone();
          Thread.sleep(5);
        }
        st.execute("select pg_advisory_xact_lock(hashtextextended('object:" + pg.schema() + "/" + next + "', 0))");
        other.commit();

        // The victim's retry may find the object still held by the other transaction: busy, for the next sync.
        SyncResult result = running.get(3, TimeUnit.MINUTES);
        assertThat(result.failures()).as("the deadlock is not a failure").isEmpty();
      }
    }
    SyncResult after = sync.sync(store, merge().build());
    assertThat(after.failures()).isEmpty();
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isEqualTo(2);
    assertThat(pg.text("select string_agg(name, ',' order by id) from " + t("orders") + " where id in (10, 11, 30)"))
        .isEqualTo("only,next,next");
  }

  /**
   * The table's merge lock held by a long transaction elsewhere: the worker waits for it only until
   * the sync's deadline, then rolls the object back and leaves it pending, not failed.
   */
  @Test
  @Timeout(120) // without the bounded wait the sync would wait for the lock for ever
  void merge_lockHeldPastTheDeadline_objectRemainsPendingNotFailed() throws Exception {
    lake.run("orders", T1, TestLake.idName(), rows(1, 20, "only"));

    try (Connection other = pg.connection()) {
      other.setAutoCommit(false);
      try (Statement st = other.createStatement()) {
        st.execute("select pg_advisory_xact_lock(hashtextextended('merge:" + pg.schema() + ".orders', 0))");
        SyncResult stopped = sync.sync(store, merge().set(SYNC_TIME_BUDGET, Duration.ofSeconds(3)).build());

        assertThat(stopped.failures()).isEmpty();
        assertThat(stopped.remaining()).hasSize(1);
        other.rollback();
      }
    }
    SyncResult next = sync.sync(store, merge().build());
    assertThat(next.objectsLoaded()).isEqualTo(1);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(20);
  }
}
